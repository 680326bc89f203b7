"""The answer shape of an account: the one model both the account list
(``GET /api/v1/accounts``) and one account's summary (``/api/v1/accounts/{code}``)
show an account with."""

from __future__ import annotations

from warrantor.store.accounts import Account
from warrantor.views.records import FromRecord, record_fields


class AccountOut(FromRecord):
    __annotations__ = record_fields(Account)
