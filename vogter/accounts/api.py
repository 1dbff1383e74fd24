from ninja import Router, Schema

from vogter.lib.http import AuthedHttpRequest

router = Router(tags=["accounts"])


class MeOut(Schema):
    code: str
    email: str
    name: str
    language: str


@router.get("/me", response=MeOut, summary="The person the request is authenticated as")
def me(request: AuthedHttpRequest) -> MeOut:
    user = request.user
    return MeOut(code=user.code, email=user.email, name=user.name, language=user.language)
