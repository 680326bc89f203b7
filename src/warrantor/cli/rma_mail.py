"""``warrantor rma ask-documents`` and ``warrantor rma mail-corrected``: the desk's mail to a
customer on the command line (issue #24): ask for documents (the customer is mailed a
link to their RMA page), and mark a bouncing contact address corrected."""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime
from warrantor.cli.rma_text import REF_ARG
from warrantor.domain.actors import Actor
from warrantor.services.outbox.failing import correct_rma_address
from warrantor.services.rma.documents import ask_for_documents


def register(app: typer.Typer) -> None:
    """Add ``ask-documents`` and ``mail-corrected`` to the ``rma`` group."""
    app.command("ask-documents")(ask_documents)
    app.command("mail-corrected")(mail_corrected)


def ask_documents(
    ref: str = REF_ARG,
    documents: str = typer.Argument(..., help="What to send, e.g. 'a proof of purchase'"),
) -> None:
    """Ask the customer for documents: a note on the RMA and a mail with their RMA page."""
    runtime = open_runtime()
    base = runtime.settings.effective_base_url
    rma = ask_for_documents(
        runtime.uow_factory,
        Actor.operator(),
        ref,
        documents,
        runtime.clock.now(),
        page_for=lambda rma_id: f"{base}/my/rmas/{rma_id}",
    )
    typer.echo(f"asked {rma.contact_email} for: {documents.strip()}")


def mail_corrected(ref: str = REF_ARG) -> None:
    """The RMA's contact address works again (it bounced): mail goes to it again."""
    runtime = open_runtime()
    refusal = correct_rma_address(runtime.uow_factory, Actor.operator(), ref)
    typer.echo(f"mail goes to {refusal.address} again (it was refused: {refusal.reason})")
