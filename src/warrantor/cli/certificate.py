"""`warrantor certificate ...`: verify, show, export and revoke certificates; the signing keys.

``verify FILE`` exits 0 only for a valid certificate, 1 when it is revoked,
forged, unknown (not issued) or an unsigned PDF (the reasons are printed,
and the registry's facts when the file carries the issuer's signature), and
2 when the file is not a certificate at all (the error names what is
wrong). The CLI acts as the operator (admin), so ``show`` and ``export``
reach every certificate; ``reissue-pdf`` gives a signed PDF for one made
before PDFs were signed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from warrantor.certificates.documents import to_document
from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Certificate, format_instant
from warrantor.certificates.registry import RegistryRecord
from warrantor.cli.options import open_runtime
from warrantor.cli.shown_times import shown
from warrantor.domain.actors import Actor
from warrantor.errors import InvalidInput, Problem
from warrantor.services.certificates.downloads import certificate_pdf, get_certificate
from warrantor.services.certificates.key_ring import import_folder_keys
from warrantor.services.certificates.pdf_reissue import reissue_pdf
from warrantor.services.certificates.revoking import revoke_certificate
from warrantor.services.certificates.verifying import FileVerification, verify_file
from warrantor.views.certificates import keys_out, keys_pem, registered_out

app = typer.Typer(
    help="Extended-warranty certificates: verify, show, export, revoke; signing keys.",
    no_args_is_help=True,
)
keys_app = typer.Typer(
    help="The signing keys (kept outside the database, in WARRANTOR_KEYS_DIR).",
    no_args_is_help=True,
)
app.add_typer(keys_app, name="keys")

EXIT_NOT_VALID = 1


def _lines(certificate: Certificate) -> list[tuple[str, str]]:
    years = certificate.extension_years
    rows = [
        ("number", certificate.number),
        ("brand", certificate.brand),
        ("model", certificate.model),
        ("serial", certificate.serial),
        ("extension", f"{years} additional year{'' if years == 1 else 's'}"),
        ("period", f"{certificate.starts_on.isoformat()} to {certificate.ends_on.isoformat()}"),
        ("bought by", f"{certificate.buyer.name} (account {certificate.buyer.account_code})"),
        ("issued", shown(certificate.issued_at)),
        ("key id", certificate.key_id),
    ]
    if certificate.replaces is not None:
        rows.append(("replaces", certificate.replaces))
    return rows


def _print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        typer.echo(f"{label.ljust(width)}  {value}")


@app.command()
def verify(
    file: Path = typer.Argument(..., help="The certificate PDF or JSON file to check"),
    as_json: bool = typer.Option(False, "--json", help="Print the verdict as JSON"),
) -> None:
    """Is this certificate genuine? Exit 0 if valid, 1 if revoked, forged or unknown."""
    runtime = open_runtime()
    result = verify_file(runtime.uow_factory, runtime.keys, file)
    _print_verdict(result, as_json)
    if not result.verification.is_valid:
        raise typer.Exit(code=EXIT_NOT_VALID)


@app.command("reissue-pdf")
def reissue_pdf_command(
    file: Path = typer.Argument(..., help="The old certificate PDF (or its JSON)"),
    out: Path = typer.Option(..., "--out", help="Write the new signed PDF here"),
) -> None:
    """A signed PDF for a certificate PDF made before PDFs were signed (or a JSON).

    The old file's data must verify and be in force; the new PDF is drawn from
    the registry's record and signed by the active key. Exit 2 (writing
    nothing) when it is forged, unknown or revoked.
    """
    runtime = open_runtime()
    old, pdf = reissue_pdf(
        runtime.uow_factory,
        runtime.keys,
        file,
        base_url=runtime.settings.effective_base_url,
    )
    _write(out, pdf, "--out")
    typer.echo(
        f"wrote {out} ({len(pdf):,} bytes): certificate {old.verification.number}, "
        "signed PDF drawn from the registry"
    )


def _print_verdict(result: FileVerification, as_json: bool) -> None:
    verdict = result.verification
    record = verdict.registered
    if as_json:
        out: dict[str, Any] = {
            "number": verdict.number,
            "status": verdict.status.value,
            "valid": verdict.is_valid,
            "reasons": list(verdict.reasons),
            "differing_fields": list(verdict.differing_fields),
            "revoked_at": format_instant(verdict.revoked_at) if verdict.revoked_at else None,
            "revoked_reason": verdict.revoked_reason,
            "certificate": to_document(result.certificate),
            "registered": registered_out(record).model_dump(mode="json") if record else None,
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{verdict.status.value.upper()}: certificate {verdict.number}")
    for reason in verdict.reasons:
        typer.echo(f"  - {reason}")
    if record is not None:
        typer.echo("as registered (a copy must say exactly this):")
        _print_rows([*_lines(record.certificate), ("state", _state(record))])


@app.command()
def show(
    number: str = typer.Argument(..., help="Certificate number, e.g. EW-QNAP-2026-000001"),
    as_json: bool = typer.Option(False, "--json", help="Print the signed JSON document"),
) -> None:
    """Show a certificate as registered, and whether it was revoked."""
    issued = get_certificate(open_runtime().uow_factory, Actor.operator(), number)
    if as_json:
        typer.echo(issued.document, nl=False)
        return
    _print_rows([*_lines(issued.certificate), ("status", _state(issued.record))])


@app.command()
def export(
    number: str = typer.Argument(..., help="Certificate number"),
    pdf: Path = typer.Option(None, "--pdf", help="Write the printable PDF here"),
    json_path: Path = typer.Option(
        None, "--json", help="Write the signed JSON document here ('-': standard output)"
    ),
) -> None:
    """Write a certificate's PDF and/or signed JSON to files (``--json -`` prints the JSON)."""
    to_stdout = json_path is not None and str(json_path) == "-"
    if pdf is None and json_path is None:
        raise InvalidInput(
            "say where to write the certificate",
            [Problem("give --pdf PATH, --json PATH, or both", field="--pdf")],
        )
    runtime = open_runtime()
    operator = Actor.operator()
    if pdf is not None:
        _, data = certificate_pdf(
            runtime.uow_factory,
            runtime.keys,
            operator,
            number,
            base_url=runtime.settings.effective_base_url,
        )
        _write(pdf, data, "--pdf")
        typer.echo(f"wrote {pdf} ({len(data):,} bytes)", err=to_stdout)
    if json_path is not None:
        document = get_certificate(runtime.uow_factory, operator, number).document
        if to_stdout:
            typer.echo(document)
            return
        _write(json_path, document.encode("utf-8"), "--json")
        typer.echo(f"wrote {json_path}")


@app.command()
def revoke(
    number: str = typer.Argument(..., help="Certificate number"),
    reason: str = typer.Option(..., "--reason", help="Why (shown to whoever verifies it)"),
) -> None:
    """Revoke a certificate; verification answers 'revoked' with the reason from now on."""
    runtime = open_runtime()
    issued = revoke_certificate(
        runtime.uow_factory, Actor.operator(), number, reason=reason, now=runtime.clock.now()
    )
    typer.echo(f"revoked {issued.certificate.number}: {issued.revoked_reason}")


@keys_app.command("list")
def keys_list(
    as_json: bool = typer.Option(False, "--json", help="Print the public JWKs (with x5c)"),
    as_pem: bool = typer.Option(
        False, "--pem", help="Print each key's X.509 certificate (PEM), as PDF signatures use"
    ),
) -> None:
    """List the signing keys (oldest first) and which one signs new certificates."""
    keys = _keyring()
    if as_pem:
        typer.echo(keys_pem(keys), nl=False)
        return
    if as_json:
        typer.echo(json.dumps(keys_out(keys).model_dump(), indent=2))
        return
    active = keys.active_key()
    published = keys.public_keys()
    if not published:
        typer.echo(
            f"no keys yet in {keys.location} (the first is made when a certificate is issued)"
        )
        return
    for key_id in published:
        marker = "  (active)" if active is not None and key_id == active.key_id else ""
        typer.echo(f"{key_id}{marker}")
    typer.echo(f"({len(published)} key{'s' if len(published) != 1 else ''} in {keys.location})")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Make a new signing key active; certificates signed by the old keys stay verifiable."""
    keys = _keyring()
    before = keys.active_key()
    key = keys.rotate()
    previous = f" (was {before.key_id}, kept for verification)" if before else ""
    typer.echo(f"active key is now {key.key_id}{previous}")


@keys_app.command("import-folder")
def keys_import_folder(
    folder: Path = typer.Argument(
        None, help="A former key folder (default WARRANTOR_KEYS_DIR, data/keys/)"
    ),
) -> None:
    """Move the keys of a key folder (before keys lived in the database) into the database
    ring, its active key staying active, so every certificate they signed stays valid on
    every host. Only into a ring with no keys yet."""
    runtime = open_runtime()
    source = KeyRing(folder or runtime.settings.effective_keys_dir)
    copied = import_folder_keys(runtime.keys, source)
    if not copied:
        typer.echo(f"no keys in {source.location}")
        return
    typer.echo(f"imported {len(copied)} key(s) from {source.location}: {', '.join(copied)}")
    typer.echo(f"active key is now {copied[-1]}")


def _keyring() -> KeyRing:
    """The runtime's ring: in the database, shared by every host."""
    return open_runtime().keys


def _state(record: RegistryRecord) -> str:
    if record.revoked_at is None:
        return "in force"
    return f"revoked on {shown(record.revoked_at)}: {record.revoked_reason}"


def _write(path: Path, data: bytes, option: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InvalidInput(
            f"can't write {path}", [Problem(error.strerror or str(error), field=option)]
        ) from None
