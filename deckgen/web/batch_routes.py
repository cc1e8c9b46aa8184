"""The batch's routes: its page, uploading a client table, building, and its files."""

from __future__ import annotations

import functools

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from .batchjob import MAX_UPLOAD, TABLE_SUFFIXES, BatchJob
from .handling import in_thread, json_error, read_body, render_page, upload_name, upload_suffix
from .state import State


def batch_routes(state: State) -> list[Route]:
    """Return the routes for a batch over state."""
    page = functools.partial(render_page, state)

    async def batch_page(request: Request) -> Response:
        return page("batch.html", request, batch=state.batch)

    async def upload_table(request: Request) -> Response:
        suffix = upload_suffix(request, TABLE_SUFFIXES)
        if suffix is None:
            return json_error(422, "a client table is a .csv or .xlsx file")
        data = await read_body(request, MAX_UPLOAD, "client table")
        table = state.store("batch", f"clients{suffix}", data)
        job = BatchJob(table.parent, table, upload_name(request, table.name))
        await _check_batch(job)
        state.batch = job
        return JSONResponse({"rows": len(job.rows), "error": job.error})

    async def _check_batch(job: BatchJob) -> None:
        content = state.draft_file()
        template = state.session.template
        await in_thread(lambda: job.check(content, state.session.name, template))

    async def build_batch(request: Request) -> Response:
        job = state.batch
        if job is None:
            return json_error(409, "upload a client table first")
        await _check_batch(job)  # the content may have changed since the table was checked
        if job.error is not None:
            return json_error(422, job.error)
        job.start(state.draft_file(), state.session.template)
        return JSONResponse({"started": True})

    async def batch_file(request: Request) -> Response:
        job = state.batch
        path = job.file(request.path_params["name"]) if job is not None else None
        if path is None:
            return json_error(404, "no such file; build the batch first")
        media = "application/zip" if path.suffix == ".zip" else "application/json"
        return FileResponse(path, media_type=media, filename=path.name)

    return [
        Route("/batch", batch_page),
        Route("/api/batch/table", upload_table, methods=["POST"]),
        Route("/api/batch/build", build_batch, methods=["POST"]),
        Route("/download/batch/{name}", batch_file),
    ]
