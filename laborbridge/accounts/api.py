from ninja import Router, Schema, Status
from ninja.security import HttpBearer, SessionAuth

from laborbridge.accounts.second_factor import sign_in_pending
from laborbridge.accounts.services import (
    api_token_find,
    api_token_issue,
    api_token_revoke,
    password_change_due,
)
from laborbridge.core.schemas import ErrorOut, Input

router = Router(tags=["auth"])


class BearerToken(HttpBearer):
    """Authorization: Bearer <token>, as issued by POST /auth/token."""

    def authenticate(self, request, token):
        found = api_token_find(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found
        return found.user


class CompleteSession(SessionAuth):
    """Django's session, once signing in is complete: the one-time code given, no password change pending."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or sign_in_pending(request) or password_change_due(user):
            return None
        return user


session_auth = CompleteSession()


class TokenIn(Input):
    username: str
    password: str
    otp: str = ""


class TokenOut(Schema):
    token: str


@router.post(
    "/auth/token",
    response={200: TokenOut, 403: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="用户名和密码换取接口令牌",
    description=(
        "须查看个人信息的角色还要在 `otp` 中给出手机验证器上的动态验证码（或一个恢复码）。"
        "令牌在 API_TOKEN_DAYS 天后失效；退出登录、修改密码、账户停用时全部作废。"
        "密码错误、账户锁定、缺少或错误的动态验证码、须先修改密码：403；格式不正确：422。"
    ),
)
def token(request, payload: TokenIn):
    key = api_token_issue(
        username=payload.username, password=payload.password, otp=payload.otp, request=request
    )
    return {"token": key}


@router.delete(
    "/auth/token",
    response={204: None, 401: ErrorOut},
    auth=BearerToken(),
    summary="吊销本次请求所用的接口令牌",
    description="只作废 Authorization 头中的这个令牌；其他令牌不受影响。未提供或无效的令牌：401。",
)
def token_revoke(request):
    api_token_revoke(token=request.api_token, request=request)
    return Status(204, None)
