"""Ask for an export as the worker list does, let the background job build it, and download it."""

import io

from python_calamine import CalamineWorkbook


def export(client, capture, query: str = "", path: str = "/ledger/export/", **data):
    """POST the export's request (with the list's query), run the queued job, follow to its page and download.

    Returns the download's response, or the refusal when the request did not start a job. `capture` is
    pytest-django's `django_capture_on_commit_callbacks`: the job is queued when the request commits."""
    with capture(execute=True):
        response = client.post(path + query, data, **_remote(data))
    location = response.get("Location", "") if response.status_code == 302 else ""
    if not location.startswith("/ledger/export/"):
        return response
    page = client.get(location)
    assert page.status_code == 200 and 'data-testid="download"' in page.content.decode(), (
        page.content.decode()
    )
    return client.get(location + "download.xlsx")


def _remote(data: dict) -> dict:
    return {"REMOTE_ADDR": data.pop("REMOTE_ADDR")} if "REMOTE_ADDR" in data else {}


def rows_of(response) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
