"""`warrantor accounts show CODE`: one account at a glance (issue #23, item 7).

Who it is, its contacts, and the first rows of its units, RMAs, extension orders
and certificates; ``--section`` pages through one list (``--cursor``, ``--all``),
as every listing command does.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from warrantor.cli.options import open_runtime, plain
from warrantor.cli.paging import ALL_OPTION, CURSOR_OPTION, echo_json_array, pages
from warrantor.domain.actors import Actor
from warrantor.domain.rma import Rma
from warrantor.domain.sales import Order
from warrantor.domain.units import Unit
from warrantor.services.accounts.summary import SECTIONS, account_section, account_summary
from warrantor.services.paging import Page
from warrantor.store.certificates import IssuedCertificate
from warrantor.store.help_requests import HelpRequest


def row_json(item: Any) -> Any:
    """One row of any of the account's lists as JSON-ready data."""
    if isinstance(item, IssuedCertificate):
        c = item.certificate
        return {
            "number": c.number,
            "brand": c.brand,
            "serial": c.serial,
            "years": c.extension_years,
            "starts_on": c.starts_on.isoformat(),
            "ends_on": c.ends_on.isoformat(),
            "buyer": c.buyer.account_code,
            "revoked": item.revoked,
        }
    if isinstance(item, Order):
        return {
            "id": item.id,
            "brand": item.brand,
            "serial": item.serial,
            "years": item.years,
            "status": str(item.status),
            "price": str(item.price),
            "ordered_on": item.ordered_on.isoformat(),
            "certificate": item.certificate_number,
        }
    if isinstance(item, HelpRequest):
        return {
            "id": item.id,
            "kind": item.kind,
            "state": item.state,
            "brand": item.brand,
            "serial": item.serial,
            "opened_at": item.opened_at.isoformat(),
            "resolution": item.resolution,
        }
    if isinstance(item, Rma):
        return {
            "number": item.number,
            "id": item.id,
            "brand": item.brand,
            "serial": item.serial,
            "state": item.state,
            "opened_at": item.opened_at.isoformat(),
        }
    return plain(item)


def row_text(item: Any) -> str:
    """One row of any of the account's lists as one line."""
    if isinstance(item, Unit):
        bought = item.purchased_on.isoformat() if item.purchased_on else "purchase date unknown"
        return f"{item.brand} {item.serial}  {item.model}  {bought}"
    if isinstance(item, Rma):
        return f"{item.number or '#' + str(item.id)}  {item.brand} {item.serial}  {item.state}"
    if isinstance(item, Order):
        return f"order {item.id}  {item.brand} {item.serial}  +{item.years}y  {item.status}"
    if isinstance(item, HelpRequest):
        return f"help request {item.id}  {item.brand} {item.serial}  {item.kind}  {item.state}"
    shown = row_json(item)
    revoked = "  revoked" if shown["revoked"] else ""
    return f"{shown['number']}  {shown['brand']} {shown['serial']}  to {shown['ends_on']}{revoked}"


def show(
    code: str = typer.Argument(..., help="The account's code, e.g. CUST-0001"),
    section: str = typer.Option(
        None, "--section", help=f"Page through one list: {', '.join(SECTIONS)}"
    ),
    limit: int = typer.Option(10, "--limit", help="Rows of each list (a page with --section)"),
    cursor: str = CURSOR_OPTION,
    every: bool = ALL_OPTION,
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """One account: who it is, its contacts, its units, RMAs, orders, certificates and help
    requests (the units and RMAs its own users see)."""
    runtime = open_runtime()
    actor, now = Actor.operator(), runtime.clock.now()
    if section is not None:

        def read(after: str | None) -> Page[Any]:
            return account_section(
                runtime.uow_factory, actor, code, section, now, limit=limit, cursor=after
            )

        found = pages(read, cursor, every)
        if as_json:
            echo_json_array(found, row_json)
            return
        for item in found:
            typer.echo(row_text(item))
        return
    summary = account_summary(runtime.uow_factory, actor, code, now, limit=limit)
    lists: dict[str, Page[Any]] = {
        "units": summary.units,
        "rmas": summary.rmas,
        "orders": summary.orders,
        "certificates": summary.certificates,
        "help_requests": summary.help_requests,
    }
    contacts = [
        {"name": u.name, "email": u.email, "role": u.role, "active": u.active}
        for u in summary.contacts
    ]
    if as_json:
        shown: dict[str, Any] = {"account": plain(summary.account), "contacts": contacts}
        for name, page in lists.items():
            shown[name] = [row_json(item) for item in page.items]
            shown[f"{name}_next"] = page.next_cursor
        typer.echo(json.dumps(shown, indent=2))
        return
    account = summary.account
    where = ", ".join(v for v in (account.country, account.email) if v)
    heading = f"{account.code}  {account.kind}  {account.name}"
    typer.echo(heading + (f"  ({where})" if where else ""))
    typer.echo(f"contacts ({len(contacts)}):")
    for contact in contacts:
        state = "" if contact["active"] else "  inactive"
        typer.echo(f"  {contact['name']} <{contact['email']}>  {contact['role']}{state}")
    for name, page in lists.items():
        counted = f", {page.total} in all" if page.total is not None else ""
        typer.echo(f"{name} ({len(page.items)} shown{counted}):")
        for item in page.items:
            typer.echo(f"  {row_text(item)}")
        if page.next_cursor:
            typer.echo(
                f"  more: warrantor accounts show {account.code} --section {name} "
                f"--cursor {page.next_cursor}"
            )
