"""Keep what you get: a FastAPI app that validates a user and keeps their GroupId in a journal.

The README's "Keep what you get" section shows this file from its first import on, and
tests/python/test_readme_fastapi.py runs it. Serve it with ``uvicorn fastapi_journal:app``.
"""

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from seedance_assets import AsyncClient, AsyncJournal

journal = AsyncJournal()  # SEEDANCE_JOURNAL (a path or postgresql:// URL), else a file in the user's data dir
client = AsyncClient(journal=journal)  # key from SEEDANCE_API_KEY
app = FastAPI()


@app.get("/validate/{user_id}")
async def validate(user_id: str, request: Request) -> RedirectResponse:
    callback_url = str(request.url_for("seedance_callback"))
    session = await client.create_validation_session(callback_url, reference=user_id, language="en")
    return RedirectResponse(session.h5_link)  # the person's browser goes to the liveness page


@app.get("/seedance/callback", name="seedance_callback")
async def seedance_callback(request: Request) -> dict[str, str]:
    person = await client.complete_validation(str(request.url))  # once, however often it arrives
    return {"user": person.reference or "", "group_id": person.group_id}
