"""`warrantor prices` and `warrantor extensions` through the real command, on a real database.

The CLI reads the system clock, so the units' dates are relative to today.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from warrantor.cli.main import app

HEADER = (
    "brand,serial,model,first_invoiced_on,first_invoiced_to,"
    "purchased_on,proof_of_purchase,country_of_purchase"
)


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args))


def ok(runner: CliRunner, *args: str) -> Result:
    result = run(runner, *args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def warrantor(empty_database_url: str, tmp_path: Path) -> CliRunner:
    runner = CliRunner(
        env={
            "WARRANTOR_DATABASE_URL": empty_database_url,
            "WARRANTOR_DATA_DIR": str(tmp_path / "data"),
        }
    )
    ok(runner, "db", "upgrade")
    ok(
        runner,
        "accounts",
        "add",
        "CUST-1",
        "--name",
        "Dora",
        "--kind",
        "customer",
        "--direct",
        "--country",
        "US",
    )
    ok(
        runner,
        "accounts",
        "add",
        "DIST-US",
        "--name",
        "US Dist",
        "--kind",
        "distributor",
        "--direct",
        "--country",
        "US",
    )
    ok(
        runner,
        "accounts",
        "add",
        "DIST-CA",
        "--name",
        "CA Dist",
        "--kind",
        "distributor",
        "--direct",
        "--country",
        "CA",
    )
    invoiced = (date.today() - timedelta(days=10)).isoformat()
    late = (date.today() - timedelta(days=61)).isoformat()
    rows = [
        f"QNAP,Q-1,TS-453 Pro,{invoiced},CUST-1,{invoiced},INV-1,US",
        f"QNAP,Q-LATE,TS-453 Pro,{late},CUST-1,{late},INV-2,US",
        f"QNAP,D-1,TS-453 Pro,{invoiced},DIST-US,,,",
        f"QNAP,D-2,TS-453 Pro,{invoiced},DIST-US,,,",
        f"QNAP,C-1,TS-453 Pro,{invoiced},DIST-CA,,,",
    ]
    units = tmp_path / "units.csv"
    units.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    ok(runner, "units", "import", str(units))
    for years, amount in ((1, "79.00"), (2, "139.00")):
        ok(runner, "prices", "add", "QNAP", "TS-x53", str(years), amount, "--from", "2020-01-01")
    return runner


def test_prices_list_and_retire(warrantor: CliRunner) -> None:
    listed = json.loads(ok(warrantor, "prices", "list", "--json").output)
    assert [(p["years"], p["price"]["text"]) for p in listed] == [
        (1, "USD 79.00"),
        (2, "USD 139.00"),
    ]

    overlap = run(
        warrantor, "prices", "add", "QNAP", "TS-x53", "1", "89.00", "--from", "2025-01-01"
    )
    assert overlap.exit_code == 2
    assert "already covers some of these days" in overlap.output

    ok(warrantor, "prices", "retire", str(listed[0]["id"]))
    assert len(json.loads(ok(warrantor, "prices", "list", "--json").output)) == 1


def test_a_direct_order_paid_shows_in_the_check(warrantor: CliRunner) -> None:
    offer = json.loads(ok(warrantor, "extensions", "offer", "Q-1", "--years", "2", "--json").output)
    assert offer["allowed"] is True

    placed = json.loads(
        ok(warrantor, "extensions", "order", "Q-1", "--years", "2", "--json").output
    )
    assert placed["status"] == "awaiting_payment"
    paid = ok(warrantor, "extensions", "pay", str(placed["id"]), "--reference", "TRX-1", "--json")
    number = json.loads(paid.output)["certificate_number"]
    assert number

    later = (date.today() + timedelta(days=365 * 3)).isoformat()
    checked = json.loads(ok(warrantor, "check", "Q-1", "--on", later, "--json").output)
    assert checked["applies"]["kind"] == "extended"
    assert "paid" in ok(warrantor, "extensions", "orders").output


def test_a_refused_order_exits_2_naming_the_clause(warrantor: CliRunner) -> None:
    result = run(warrantor, "extensions", "order", "Q-LATE", "--years", "1")

    assert result.exit_code == 2
    assert "qnap.ext.window-invoice" in result.output


def test_the_distributor_flow_on_the_command_line(warrantor: CliRunner, tmp_path: Path) -> None:
    made = ok(
        warrantor,
        "extensions",
        "quote",
        "--account",
        "DIST-US",
        "--brand",
        "QNAP",
        "--model",
        "TS-453 Pro",
        "--quantity",
        "3",
        "--years",
        "1",
        "--json",
    )
    quote_id = str(json.loads(made.output)["id"])
    ok(warrantor, "extensions", "accept", quote_id)
    ok(warrantor, "extensions", "pay-quote", quote_id, "--reference", "WIRE-1")

    refused = run(warrantor, "extensions", "assign", quote_id, "C-1")
    assert refused.exit_code == 2
    assert "no unit with this serial was first invoiced to you" in refused.output
    serials = tmp_path / "serials.txt"
    serials.write_text("D-1\nD-2\n", encoding="utf-8")
    assigned = ok(warrantor, "extensions", "assign", quote_id, "--file", str(serials))
    assert "D-1: +1y" in assigned.output

    balance = json.loads(ok(warrantor, "extensions", "balance", "--json").output)
    assert [(b["assigned"], b["remaining"]) for b in balance] == [(2, 1)]
    shown = ok(warrantor, "extensions", "show-quote", quote_id).output
    assert "refused  C-1" in shown
    settled = ok(warrantor, "extensions", "settle", quote_id, "--refund", "--reference", "RF-1")
    assert "settled as refund" in settled.output


def test_a_quotes_assigned_serials_show_a_page_at_a_time(warrantor: CliRunner) -> None:
    made = ok(warrantor, "extensions", "quote", "--account", "DIST-US", "--brand", "QNAP",
              "--model", "TS-453 Pro", "--quantity", "3", "--years", "1", "--json")  # fmt: skip
    quote_id = str(json.loads(made.output)["id"])
    ok(warrantor, "extensions", "accept", quote_id)
    ok(warrantor, "extensions", "pay-quote", quote_id, "--reference", "WIRE-1")
    ok(warrantor, "extensions", "assign", quote_id, "D-2", "D-1")

    first = ok(warrantor, "extensions", "show-quote", quote_id, "--limit", "1")
    as_json = json.loads(ok(warrantor, "extensions", "show-quote", quote_id, "--limit", "1",
                            "--json").stdout)  # fmt: skip
    [more] = [line for line in first.stderr.splitlines() if line.startswith("more: ")]
    cursor = more.removeprefix(f"more: warrantor extensions assignments {quote_id} --cursor ")
    rest = ok(warrantor, "extensions", "assignments", quote_id, "--cursor", cursor)
    every = ok(warrantor, "extensions", "assignments", quote_id, "--limit", "1", "--all")

    assert "assigned D-2" in first.stdout and "D-1" not in first.stdout
    assert [a["serial"] for a in as_json["assignments"]] == ["D-2"]
    assert (as_json["assignments_total"], as_json["assignments_next_cursor"]) == (2, cursor)
    assert "QNAP D-1  certificate " in rest.stdout and "D-2" not in rest.stdout
    assert "(1 assigned serial of 2 in this list)" in rest.stdout
    assert [line.split()[1] for line in every.stdout.splitlines()[:2]] == ["D-2", "D-1"]
    assert "more:" not in every.stderr
    bad = run(warrantor, "extensions", "assignments", quote_id, "--cursor", "not-a-cursor")
    assert bad.exit_code == 2 and "cursor" in bad.output


def test_a_quotes_refused_attempts_show_a_page_at_a_time(warrantor: CliRunner) -> None:
    made = ok(warrantor, "extensions", "quote", "--account", "DIST-US", "--brand", "QNAP",
              "--model", "TS-453 Pro", "--quantity", "3", "--years", "1", "--json")  # fmt: skip
    quote_id = str(json.loads(made.output)["id"])
    ok(warrantor, "extensions", "accept", quote_id)
    ok(warrantor, "extensions", "pay-quote", quote_id, "--reference", "WIRE-1")
    assert run(warrantor, "extensions", "assign", quote_id, "X-2", "X-1").exit_code != 0

    first = ok(warrantor, "extensions", "show-quote", quote_id, "--refusals-limit", "1")
    as_json = json.loads(ok(warrantor, "extensions", "show-quote", quote_id,
                            "--refusals-limit", "1", "--json").stdout)  # fmt: skip
    [more] = [line for line in first.stderr.splitlines() if line.startswith("more: ")]
    cursor = more.removeprefix(f"more: warrantor extensions refusals {quote_id} --cursor ")
    rest = ok(warrantor, "extensions", "refusals", quote_id, "--cursor", cursor)
    every = ok(warrantor, "extensions", "refusals", quote_id, "--limit", "1", "--all")
    every_json = json.loads(ok(warrantor, "extensions", "refusals", quote_id, "--limit", "1",
                               "--all", "--json").stdout)  # fmt: skip

    assert "refused  X-2: " in first.stdout and "X-1" not in first.stdout
    assert [r["serial"] for r in as_json["refusals"]] == ["X-2"]
    assert (as_json["refusals_total"], as_json["refusals_next_cursor"]) == (2, cursor)
    assert rest.stdout.startswith("X-1: ") and "X-2" not in rest.stdout
    assert "(1 refused attempt of 2 in this list)" in rest.stdout
    assert [line.split(":")[0] for line in every.stdout.splitlines()[:2]] == ["X-2", "X-1"]
    assert [r["serial"] for r in every_json] == ["X-2", "X-1"]
    assert "more:" not in every.stderr
    bad = run(warrantor, "extensions", "refusals", quote_id, "--cursor", "not-a-cursor")
    assert bad.exit_code == 2 and "cursor" in bad.output


def test_balances_show_a_page_at_a_time_newest_first(warrantor: CliRunner) -> None:
    quote_ids = []
    for n in range(3):
        made = ok(warrantor, "extensions", "quote", "--account", "DIST-US", "--brand", "QNAP",
                  "--model", "TS-453 Pro", "--quantity", "2", "--years", "1", "--json")  # fmt: skip
        quote_ids.append(str(json.loads(made.output)["id"]))
        ok(warrantor, "extensions", "accept", quote_ids[-1])
        ok(warrantor, "extensions", "pay-quote", quote_ids[-1], "--reference", f"WIRE-{n}")

    first = ok(warrantor, "extensions", "balance", "--limit", "2")
    [more] = [line for line in first.stderr.splitlines() if line.startswith("more: ")]
    rest = ok(warrantor, "extensions", "balance", "--cursor", more.removeprefix("more: --cursor "))
    every = json.loads(ok(warrantor, "extensions", "balance", "--limit", "1", "--all",
                          "--json").stdout)  # fmt: skip
    other = ok(warrantor, "extensions", "balance", "--account", "DIST-CA")

    shown = [line.split(":")[0] for line in first.stdout.splitlines()[:2]]
    assert shown == [f"quote {quote_ids[2]}", f"quote {quote_ids[1]}"]
    assert "(2 balances; the list is not counted)" in first.stdout
    assert rest.stdout.startswith(f"quote {quote_ids[0]}: DIST-US TS-453 Pro +1y ordered 2")
    assert [str(b["quote_id"]) for b in every] == quote_ids[::-1]
    assert "(0 balances; the list is not counted)" in other.stdout
    bad = run(warrantor, "extensions", "balance", "--cursor", "not-a-cursor")
    assert bad.exit_code == 2 and "cursor" in bad.output


def test_every_sales_command_has_help(warrantor: CliRunner) -> None:
    for group, commands in (
        ("prices", ["add", "list", "retire"]),
        (
            "extensions",
            [
                "offer",
                "order",
                "pay",
                "cancel",
                "orders",
                "quote",
                "accept",
                "pay-quote",
                "assign",
                "quotes",
                "show-quote",
                "assignments",
                "refusals",
                "balance",
                "settle",
                "settle-due",
            ],
        ),
    ):
        for command in commands:
            result = ok(warrantor, group, command, "--help")
            assert "Usage" in result.output
