from ninja import Router, Schema
from ninja.security import HttpBearer

from laborbridge.accounts.services import api_token_issue, api_token_user
from laborbridge.core.schemas import ErrorOut, Input

router = Router(tags=["auth"])


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>, as issued by POST /auth/token."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class TokenIn(Input):
    username: str
    password: str


class TokenOut(Schema):
    token: str


@router.post(
    "/auth/token",
    response={200: TokenOut, 403: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="用户名和密码换取接口令牌（密码错误或账户锁定：403）",
)
def token(request, payload: TokenIn):
    return {"token": api_token_issue(username=payload.username, password=payload.password, request=request)}
