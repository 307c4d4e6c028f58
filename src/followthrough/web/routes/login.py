"""Team mode's sign-in and sign-out. The session cookie is HttpOnly, Secure and
SameSite=Lax, and a new session (a new cookie value) is made at every
sign-in, so a token planted before sign-in is worthless after it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from followthrough.web.auth import HOME, team_store
from followthrough.web.deps import FormDep
from followthrough.web.render import render

router = APIRouter()


def _safe_next(target: str | None) -> str | None:
    """Only a path of this site: never another origin (open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    return target


def _form(request: Request, message: str | None = None, status: int = 200,
          handle: str = "", retry_after: int | None = None) -> HTMLResponse:
    response = render(request, "login.html", {
        "message": message, "handle": handle,
        "next": _safe_next(request.query_params.get("next")) or ""}, status=status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if not request.app.state.team:
        return RedirectResponse("/", status_code=303)
    return _form(request)


@router.post("/login")
def sign_in(request: Request, form: FormDep) -> Response:
    from followthrough.team.auth import SESSION_COOKIE, LoginRefused, LoginThrottled, login

    if not request.app.state.team:
        return RedirectResponse("/", status_code=303)
    handle = form.get("handle", "").strip()
    client = request.client.host if request.client else "unknown"
    try:
        session = login(team_store(request), handle, form.get("password", ""), client,
                        replaces=request.cookies.get(SESSION_COOKIE))
    except LoginThrottled as error:
        return _form(request, str(error), 429, handle, retry_after=error.retry_after)
    except LoginRefused as error:
        return _form(request, str(error), 401, handle)
    target = _safe_next(form.get("next")) or HOME.get(session.user.role, "/")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, httponly=True, secure=True,
                        samesite="lax", path="/")
    return response


@router.post("/logout")
def sign_out(request: Request) -> Response:
    from followthrough.team.auth import SESSION_COOKIE, logout

    token = request.cookies.get(SESSION_COOKIE)
    if token:
        logout(team_store(request), token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True,
                           samesite="lax")
    return response
