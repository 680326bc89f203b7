"""Every route the app registers, tried with no login, with the wrong role and with
another customer's object (issue #6).

The routes come from the real app (``iter_route_contexts(create_app().routes)``),
never from a list typed here, so a route added later is tried too:

- a route whose dependencies include ``get_actor`` needs a login: with none, the
  API answers 401 and a page sends the browser to ``/login?next=...``;
- a route without ``get_actor`` must be in ``PUBLIC`` with the reason it is open;
- ``ROLES`` says which roles may use a family of routes; every other role gets
  403 or 404 (a route in no family is open to every signed-in role, and its
  services decide what each sees);
- each path parameter needs an entry in ``PARAMS``: a factory making the object
  a real request would name, owned by one party, and naming another party of the
  same kind who must get 404 (or 403) with none of the owner's data in the body.
  A parameter nobody registered fails the test saying what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from route_walk import app_for_routes
from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Actor, Role
from warrantor.http.actor import get_actor, get_optional_actor
from warrantor.services.access.sessions import actor_of
from warrantor.services.access.tokens import create_token
from warrantor.services.access.users import NewUser, create_user

# --- the routes -------------------------------------------------------------------------


def _needs_login(dependant: Dependant) -> bool:
    return any(d.call is get_actor or _needs_login(d) for d in dependant.dependencies)


@dataclass(frozen=True)
class RouteCase:
    method: str
    path: str
    needs_login: bool
    params: tuple[str, ...]
    has_body: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def app_routes() -> list[RouteCase]:
    """Every (method, path) the real app serves, with whether it needs a login."""
    app = app_for_routes()
    cases = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path is None:
            continue
        params = tuple(re.findall(r"{(\w+)(?::\w+)?}", context.path))
        for method in sorted(context.methods or ()):
            login, body = _needs_login(route.dependant), route.body_field is not None
            cases.append(RouteCase(method, context.path, login, params, body))
    return cases


ROUTES = app_routes()

PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/"): "the public warranty check form",
    ("GET", "/check"): "the public warranty check (rate-limited; no owner data)",
    ("GET", "/api/v1/units/{brand}/{serial}/coverage"): "public check by API (rate-limited; "
    "owner data only for those who may see the unit)",
    ("GET", "/api/v1/coverage"): "public check by serial alone (rate-limited, as above)",
    ("POST", "/api/v1/coverage/batch"): "public batch check (each line counts against the limit)",
    ("GET", "/api/v1/brands"): "the brands whose policies are loaded: public knowledge",
    ("GET", "/api/v1/health"): "liveness probe for load balancers; says nothing about data",
    ("GET", "/health/live"): "liveness probe: the process answers; no I/O, no data",
    ("GET", "/health/ready"): "readiness probe: which database / Redis is reachable, no data",
    ("GET", "/metrics"): "Prometheus counters of this process (fallback reads); no data",
    ("GET", "/api/docs"): "the interactive API documentation: the OpenAPI, no data",
    ("GET", "/login"): "the sign-in form",
    ("POST", "/login"): "signing in (double-submit token, rate-limited)",
    ("POST", "/logout"): "signing out (CSRF-checked when a session is live)",
    ("POST", "/language"): "choosing the pages' language (a cookie; a signed-in user's setting "
    "too, CSRF-checked then)",
    ("GET", "/api/v1/certificates/keys"): "public keys, so anyone can verify a certificate",
    ("GET", "/api/v1/certificates/keys.pem"): "the keys' X.509 certificates, for checking PDFs",
    ("POST", "/api/v1/certificates/verify"): "verifying a certificate someone holds",
    ("GET", "/api/v1/certificates/{number}/verify"): "verifying a certificate by its number "
    "(what its QR code links to)",
    ("GET", "/certificates/verify"): "the verification page",
    ("POST", "/certificates/verify"): "checking a certificate file someone holds (writes nothing)",
    ("GET", "/certificates/{number}/verify"): "the verification page a certificate's QR opens",
}

STAFF = {Role.AGENT, Role.TECHNICIAN, Role.ADMIN}
ALL_ROLES = set(Role)

ROLES: list[tuple[str, str | None, set[Role]]] = [
    # (path regex, method or None for any, roles that may use it)
    (r"^/api/v1/users", None, {Role.ADMIN}),
    (r"^/api/v1/audit", None, {Role.ADMIN}),
    (r"^/api/v1/units/import$", None, {Role.ADMIN}),
    (r"^/api/v1/parcels", None, STAFF),
    (r"^/api/v1/unauthorized-returns", None, STAFF),
    (r"^/api/v1/service-centres/", "PUT", {Role.ADMIN}),
    (r"^/api/v1/service-centres", None, STAFF),
    (r"^/api/v1/rmas/\{ref\}/waits/", None, STAFF),
    (r"^/api/v1/accounts", None, STAFF),
    (r"^/api/v1/help-requests$", "POST", {Role.CUSTOMER}),
    (r"^/api/v1/help-requests/\{request_id\}/(resolve|reject)$", None, {Role.AGENT, Role.ADMIN}),
    (r"^/api/v1/rmas/\{ref\}/(validate-documents|issue-number|clear-flag)$", None, STAFF),
    (r"^/api/v1/rmas/\{ref\}/(inspection|decision|parts|replacement|finish)", None, STAFF),
    (r"^/api/v1/prices", "POST", {Role.ADMIN}),
    (r"^/desk", None, STAFF),
    (r"^/admin(/|$)", None, {Role.ADMIN}),
    (r"^/distributor", None, {Role.DISTRIBUTOR} | STAFF | {Role.CUSTOMER}),
    (r"^/my(/register|/units|$)", None, {Role.CUSTOMER}),
    (r"^/my/help", None, {Role.CUSTOMER}),
]


def allowed_roles(case: RouteCase) -> set[Role]:
    for pattern, method, roles in ROLES:
        if re.search(pattern, case.path) and method in (None, case.method):
            return roles
    return ALL_ROLES


# --- the objects path parameters name ------------------------------------------------------


@dataclass
class Sample:
    """A value for one path parameter; for an object, whose it is and who must not see it."""

    value: str
    owner: Actor | None = None
    other: Actor | None = None
    secrets: tuple[str, ...] = ()


@dataclass
class World:
    """What the factories build on, made once per test and only as far as asked."""

    runtime: Runtime
    add_units: Any
    made: dict[str, Any] = field(default_factory=dict)

    def once(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self.made:
            self.made[name] = make()
        return self.made[name]


def _rma_desk(world: World) -> Any:
    import rma_desk_support as desk  # tests/integration/rma_desk_support.py

    def make() -> Any:
        desk.seed(world.runtime.uow_factory, world.add_units)
        number = desk.awaiting_unit(world.runtime.uow_factory, world.runtime.book)
        return desk, number

    return world.once("rma", make)


def unit_brand(world: World) -> Sample:
    desk, _ = _rma_desk(world)
    return Sample("QNAP", desk.ANN, desk.BOB, ("INV-ANN-1", "CUST-ANN"))


def unit_serial(world: World) -> Sample:
    desk, _ = _rma_desk(world)
    return Sample(desk.QNAP_SERIAL, desk.ANN, desk.BOB, ("INV-ANN-1", "CUST-ANN"))


def rma_ref(world: World) -> Sample:
    desk, number = _rma_desk(world)
    return Sample(number, desk.ANN, desk.BOB, ("INV-ANN-1", "ann@example.com", "Ann Smith"))


def _sales(world: World) -> Any:
    import sales_world  # tests/integration/sales_world.py

    def make() -> Any:
        sales_world.build(world.runtime.uow_factory, world.runtime.book)
        return sales_world

    return world.once("sales", make)


def quote_id(world: World) -> Sample:
    from warrantor.services.sales.quotes import request_quote

    sales = _sales(world)

    def make() -> Any:
        return request_quote(
            world.runtime.uow_factory,
            world.runtime.book,
            sales.DIST,
            brand="QNAP",
            model="TS-453 Pro",
            quantity=2,
            years=1,
            now=world.runtime.clock.now(),
        )

    quote = world.once("quote", make)
    return Sample(str(quote.id), sales.DIST, sales.OTHER_DIST, ("DIST-US",))


def _paid_order(world: World) -> Any:
    """A direct customer's paid order for Q-OK: it has an extension and a certificate."""
    from warrantor.services.sales.orders import pay_order, place_order
    from warrantor.services.sales.payments import BankTransfer

    sales = _sales(world)

    def make() -> Any:
        runtime, now = world.runtime, world.runtime.clock.now()
        placed = place_order(
            runtime.uow_factory, runtime.book, sales.DIRECT, "Q-OK", 1, now, brand="QNAP"
        )
        return pay_order(
            runtime.uow_factory,
            runtime.book,
            runtime.keys,
            sales.AGENT,
            placed.id,
            BankTransfer(),
            "TRX-ACCESS",
            now,
        )

    return world.once("order", make)


def order_id(world: World) -> Sample:
    sales, order = _sales(world), _paid_order(world)
    return Sample(str(order.id), sales.DIRECT, sales.RETAIL, ("CUST-DIRECT", "TRX-ACCESS"))


def certificate_number(world: World) -> Sample:
    sales, order = _sales(world), _paid_order(world)
    assert order.certificate_number is not None
    return Sample(order.certificate_number, sales.DIRECT, sales.RETAIL, ("CUST-DIRECT", "Q-OK"))


def token_id(world: World) -> Sample:
    desk, _ = _rma_desk(world)

    def make() -> Any:
        now = world.runtime.clock.now()
        new = NewUser("ann@cust-ann.example", "Ann", "customer", "CUST-ANN", "ann's password")
        weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        user = create_user(world.runtime.uow_factory, Actor.operator(), new, now, hasher=weak)
        owner = actor_of(user)
        created = create_token(world.runtime.uow_factory, owner, "ann's sync", now)
        return owner, created.token

    owner, token = world.once("token", make)
    return Sample(str(token.id), owner, desk.BOB, (token.prefix, "ann's sync"))


def attachment_id(world: World) -> Sample:
    """A photo Ann sent with her RMA (issue #24)."""
    from attachment_files import photo  # tests/attachment_files.py
    from warrantor.services.attachments.files import Upload, attach_to_rma

    desk, number = _rma_desk(world)

    def make() -> Any:
        runtime = world.runtime
        upload = Upload(kind="photo", file_name="ann-broken-fan.png", data=photo("PNG"))
        return attach_to_rma(
            runtime.uow_factory,
            runtime.attachments,
            desk.ANN,
            number,
            upload,
            runtime.clock.now(),
            max_bytes=1_000_000,
            book=runtime.book,
        )

    attachment = world.once("attachment", make)
    return Sample(str(attachment.id), desk.ANN, desk.BOB, ("ann-broken-fan.png",))


def account_code(world: World) -> Sample:
    """A customer account (its page is staff only: the role check covers everyone else)."""
    _rma_desk(world)
    return Sample("CUST-ANN")


def help_request_id(world: World) -> Sample:
    """Ann's help request about a serial the installed base lacks, with her receipt."""
    from attachment_files import pdf  # tests/attachment_files.py
    from warrantor.services.attachments.files import Upload
    from warrantor.services.help_requests.requests import HelpAsk, open_help_request

    desk, _ = _rma_desk(world)

    def make() -> Any:
        runtime = world.runtime
        ask = HelpAsk("QNAP", "Q26ROUTEHELP", "bought at the Boston fair", "TS-453 Pro",
                      None, "FAIR-SECRET-7", "ann@example.com")  # fmt: skip
        upload = Upload(kind="proof_of_purchase", file_name="ann-fair-receipt.pdf", data=pdf())
        return open_help_request(
            runtime.uow_factory, runtime.attachments, desk.ANN, ask, upload,
            runtime.clock.now(), brands=runtime.book.brands(), max_bytes=1_000_000,
        )  # fmt: skip

    made = world.once("help_request", make)
    secrets = ("FAIR-SECRET-7", "Boston fair", "Q26ROUTEHELP", "ann-fair-receipt")
    return Sample(str(made.id), desk.ANN, desk.BOB, secrets)


def ghost(kind: str) -> Callable[[World], Sample]:
    """An id nothing has yet: the login and role checks still run; the foreign-object check
    needs a real factory (listed in the access report as still to build)."""

    def make(world: World) -> Sample:
        return Sample("999999" if kind != "number" else "EW-QNAP-2026-999999")

    return make


def literal(value: str) -> Callable[[World], Sample]:
    """A parameter that names a kind of thing (an action, a report), not someone's object."""

    def make(world: World) -> Sample:
        return Sample(value)

    return make


PARAMS: dict[str, Callable[[World], Sample]] = {
    "brand": unit_brand,
    "serial": unit_serial,
    "ref": rma_ref,
    "quote_id": quote_id,
    "token_id": token_id,
    "order_id": order_id,
    "number": certificate_number,
    "price_id": ghost("price"),
    "parcel_id": ghost("parcel"),
    "attachment_id": attachment_id,
    "name": literal("rmas-per-line"),
    "action": literal("validate"),
    "event": literal("cancel"),
    "code": account_code,
    "section": literal("units"),
    "request_id": help_request_id,
    "centre": literal("qnap-us"),
    "wait": literal("documents"),
}


# --- the checks ---------------------------------------------------------------------------


def test_every_route_without_a_login_is_on_the_public_list_with_a_reason() -> None:
    open_routes = {(c.method, c.path) for c in ROUTES if not c.needs_login}
    unlisted = sorted(open_routes - PUBLIC.keys())
    assert not unlisted, (
        f"these routes need no login: declare ActorDep (or PageActorDep) on them, or add "
        f"them to PUBLIC in {__file__} with the reason they are open: {unlisted}"
    )
    stale = sorted(PUBLIC.keys() - open_routes)
    assert not stale, f"PUBLIC lists routes that are gone or now need a login: {stale}"


def test_every_path_parameter_has_a_factory() -> None:
    unknown = sorted({p for c in ROUTES for p in c.params} - PARAMS.keys())
    assert not unknown, (
        f"no factory for path parameter(s) {unknown}: add one to PARAMS in {__file__} "
        "that makes the object a request would name, owned by one party, and names another "
        "party of the same kind who must not see it"
    )


def _path(case: RouteCase, world: World) -> tuple[str, list[Sample]]:
    samples = []
    path = case.path
    for name in case.params:
        if name not in PARAMS:
            pytest.fail(f"{case.id}: no factory for path parameter {{{name}}}: add it to PARAMS")
        sample = PARAMS[name](world)
        samples.append(sample)
        path = re.sub(r"{" + name + r"(?::\w+)?}", sample.value, path)
    return path, samples


def _client(client_as: Any, actor: Actor) -> TestClient:
    client: TestClient = client_as(actor)
    client.app.dependency_overrides[get_optional_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def _is_page(case: RouteCase) -> bool:
    return not case.path.startswith("/api/")


def _refused(case: RouteCase, response: Any) -> bool:
    """403 or 404; or, for an API route whose required body or query the harness doesn't
    fill in, the 422 FastAPI answers before the handler runs ("invalid request: ...":
    nothing done, nothing shown). Such routes' role rules are then their own tests' job."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 422 and not _is_page(case):
        return str(response.json()["error"]["message"]).startswith("invalid request:")
    return False


LOGIN_ROUTES = [c for c in ROUTES if c.needs_login]


@pytest.mark.parametrize("case", LOGIN_ROUTES, ids=lambda c: c.id)
def test_a_route_that_needs_a_login_refuses_nobody_the_wrong_role_and_a_stranger(
    case: RouteCase, runtime: Runtime, add_units: Any, client: TestClient, client_as: Any
) -> None:
    world = World(runtime, add_units)
    path, samples = _path(case, world)

    anonymous = client.request(case.method, path, follow_redirects=False)
    if _is_page(case):
        assert anonymous.status_code == 303, (case.id, anonymous.status_code)
        assert anonymous.headers["location"].startswith("/login?next=")
    else:
        assert anonymous.status_code == 401, (case.id, anonymous.status_code, anonymous.text)

    for role in sorted(ALL_ROLES - allowed_roles(case)):
        actor = Actor(role, f"{role.value.upper()}-STRANGER", user_id=900, name="stranger")
        response = _client(client_as, actor).request(case.method, path, follow_redirects=False)
        assert _refused(case, response), (case.id, role, response.status_code, response.text)

    for name, sample in zip(case.params, samples, strict=True):
        if sample.owner is None or sample.other is None:
            continue
        if sample.other.role not in allowed_roles(case):
            continue  # refused by role above
        stranger = _client(client_as, sample.other)
        response = stranger.request(case.method, path, follow_redirects=False)
        for secret in sample.secrets:
            assert secret not in response.text, (case.id, secret)
        if _refused(case, response):
            continue
        # Otherwise the answer must be the one an object that doesn't exist gets (e.g. the
        # form is checked before the object is looked up): it tells the stranger nothing.
        ghost_path = path.replace(sample.value, GHOST_IDS.get(name, "999999"))
        nothing = stranger.request(case.method, ghost_path, follow_redirects=False)
        assert (response.status_code, response.text.replace(sample.value, "?")) == (
            nothing.status_code,
            nothing.text.replace(GHOST_IDS.get(name, "999999"), "?"),
        ), (case.id, sample.other, response.status_code, response.text)


GHOST_IDS = {"ref": "RMA-0000-000000", "serial": "NOSUCHSERIAL1"}
"""Values no object has, per parameter (others use 999999)."""
