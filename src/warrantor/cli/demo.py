"""`warrantor demo`: load the seed policies' catalogue and a realistic installed base."""

from __future__ import annotations

import typer

from warrantor.cli.options import open_runtime
from warrantor.demo.activity import load_activity
from warrantor.demo.seed import DEFAULT_SEED, DEFAULT_UNITS, DemoSummary, load_demo


def demo(
    units: int = typer.Option(DEFAULT_UNITS, "--units", "-n", min=1, help="How many units"),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed: same seed, same data"),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Do nothing when units are already stored (make run uses it)"
    ),
) -> None:
    """Load demo accounts, units, usage readings and findings, made from the policies in force.

    Dates are relative to today, so the data stays fresh. The units go through
    the same validated import as a user's CSV file. Running it again with the
    same seed on the same day leaves the same state.
    """
    runtime = open_runtime()
    summary = load_demo(
        runtime.uow_factory,
        runtime.book,
        runtime.clock,
        units=units,
        seed=seed,
        if_empty=if_empty,
    )
    typer.echo(render_summary(summary))
    if not summary.skipped:
        for line in load_activity(runtime):
            typer.echo(line)


def render_summary(summary: DemoSummary) -> str:
    """The summary as the command prints it."""
    if summary.skipped:
        lines = [
            f"Demo data not loaded: {summary.existing_units} units are already stored "
            "(--if-empty). Run `warrantor demo` without it to load anyway."
        ]
        return "\n".join(lines + _try_lines(summary))
    lines = [f"Demo data loaded in {summary.seconds:.1f} s:"]
    for brand, count in summary.units_by_brand.items():
        product_lines = summary.lines_by_brand.get(brand, 0)
        plural = "line" if product_lines == 1 else "lines"
        lines.append(f"  {brand}: {count} units in {product_lines} product {plural}")
    if summary.imported is not None:
        imported = summary.imported
        lines.append(
            f"  import: {imported.inserted} new, {imported.updated} updated, "
            f"{imported.unchanged} unchanged ({imported.seconds:.1f} s)"
        )
    lines.append(f"  accounts: {summary.accounts}")
    lines.append(f"  usage readings (bytes written): {summary.readings}")
    lines.append(f"  findings that void a unit: {summary.findings}")
    if summary.lines_without_models:
        lines.append(
            "  no units for (the policy gives no example model): "
            + ", ".join(summary.lines_without_models)
        )
    for sentence in summary.demo_figures:
        lines.append(f"Note: {sentence}")
    return "\n".join(lines + _try_lines(summary))


def _try_lines(summary: DemoSummary) -> list[str]:
    """The serials worth trying, one ``warrantor check`` command each."""
    if not summary.examples:
        return []
    width = max(len(example.command) for example in summary.examples)
    return ["Try:"] + [
        f"  {example.command:<{width}}  # {example.label}: {example.outcome}"
        for example in summary.examples
    ]
