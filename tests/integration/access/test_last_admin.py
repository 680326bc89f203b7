"""The last active admin stays: deactivating or demoting them is 409 naming why; a user
deactivated can be reactivated (recorded in the audit trail)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from warrantor.bootstrap import Runtime
from warrantor.domain.actors import Role
from warrantor.services.access.users import reactivate_user
from warrantor.services.uow import UnitOfWorkFactory
from warrantor.store.tables_audit import audit_events


def test_the_last_active_admin_can_neither_be_deactivated_nor_demoted(
    person: Any, client_as: Any, uow_factory: UnitOfWorkFactory
) -> None:
    admin = person(Role.ADMIN)
    api = client_as(admin.actor)

    deactivated = api.post("/api/v1/users/deactivate", json={"email": admin.email})
    demoted = api.post("/api/v1/users/role", json={"email": admin.email, "role": "agent"})

    assert deactivated.status_code == demoted.status_code == 409
    assert "last active warranty admin" in deactivated.json()["error"]["message"]
    assert "last active warranty admin" in demoted.json()["error"]["message"]
    with uow_factory() as uow:
        stored = uow.users.by_email(admin.email)
    assert stored is not None and (stored.active, stored.role) == (True, "admin")


def test_with_a_second_admin_one_may_go_and_then_the_other_stays(
    person: Any, client_as: Any
) -> None:
    first, second = person(Role.ADMIN), person(Role.ADMIN)
    api = client_as(first.actor)

    assert api.post("/api/v1/users/deactivate", json={"email": second.email}).status_code == 200
    again = api.post("/api/v1/users/role", json={"email": first.email, "role": "technician"})

    assert again.status_code == 409


def test_a_deactivated_user_is_reactivated_and_signs_in_again(
    person: Any, signed_in: Any, client_as: Any, runtime: Runtime, uow_factory: UnitOfWorkFactory
) -> None:
    agent, admin = person(Role.AGENT), person(Role.ADMIN)
    assert (
        client_as(admin.actor)
        .post("/api/v1/users/deactivate", json={"email": agent.email})
        .status_code
        == 200
    )

    back = reactivate_user(uow_factory, admin.actor, agent.email, runtime.clock.now(), "returned")

    assert back.active is True
    assert signed_in(agent).get("/api/v1/me").json()["role"] == "agent"
    with uow_factory() as uow:
        actions = list(
            uow.connection.scalars(
                select(audit_events.c.action).where(audit_events.c.subject_id == str(back.id))
            )
        )
    assert "user.reactivated" in actions


def test_an_admin_adds_a_user_and_gives_them_another_role_over_the_api(
    person: Any, client_as: Any
) -> None:
    admin = person(Role.ADMIN)
    api = client_as(admin.actor)
    new = {
        "email": "tess@maker.example",
        "name": "Tess",
        "role": "agent",
        "account": admin.account,
        "password": "a long enough password",
    }

    created = api.post("/api/v1/users", json=new)
    changed = api.post("/api/v1/users/role", json={"email": new["email"], "role": "technician"})

    assert created.status_code == 201, created.text
    assert changed.status_code == 200, changed.text
    assert (changed.json()["email"], changed.json()["role"]) == (new["email"], "technician")
