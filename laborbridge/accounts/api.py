from ninja import Router, Schema
from ninja.security import HttpBearer

from laborbridge.accounts.services import api_token_issue, api_token_user

router = Router(tags=["auth"])


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>, as issued by POST /auth/token."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post("/auth/token", response=TokenOut, auth=None, summary="用户名和密码换取接口令牌")
def token(request, payload: TokenIn):
    return {"token": api_token_issue(username=payload.username, password=payload.password, request=request)}
