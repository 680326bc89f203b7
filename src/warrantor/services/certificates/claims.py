"""Use case: the extension facts of a claim, with the certificate the customer showed.

QNAP: "only QNAP provided and validated warranty certificate is accepted".
The policy engine asks for the certificate when a claim falls in an
extension period and its ``certificate_valid`` is ``None``, and denies when
it is ``False`` (``policy.claim_steps.certificate``). The RMA workshop calls
``extension_facts_for_claim`` with what the customer presented, then builds
the claim's ``Facts`` from it.
"""

from __future__ import annotations

import dataclasses

from warrantor.certificates.keys import KeyRing
from warrantor.certificates.model import Certificate
from warrantor.certificates.signing import verify
from warrantor.domain.coverage import Extension
from warrantor.services.uow import UnitOfWork


def extension_facts_for_claim(
    uow: UnitOfWork,
    keys: KeyRing,
    brand: str,
    serial: str,
    presented: Certificate | None,
) -> tuple[Extension, ...]:
    """The unit's extensions, each marked with whether its certificate was shown and valid.

    - nothing presented: every ``certificate_valid`` is ``None`` (the engine asks);
    - the presented certificate carries an extension's number: ``True`` when it
      verifies (key, signature over every field, registry, not revoked) and is
      for this brand and serial, ``False`` otherwise;
    - it carries no extension's number: it proves none of them, so each is
      ``False`` (a forged or foreign certificate is refused, not ignored),
      except an extension whose certificate number the store doesn't know,
      which is ``True`` for a genuine certificate of this unit.

    An extension whose certificate was not the one presented, while another
    extension's was, stays ``None``: that extension's own proof is still missing.
    """
    extensions = uow.extensions.for_unit(brand, serial)
    if presented is None:
        return tuple(dataclasses.replace(e, certificate_valid=None) for e in extensions)
    verification = verify(presented, keys.verification_keys(), uow.certificates)
    genuine_for_unit = (
        verification.is_valid
        and presented.brand.lower() == brand.strip().lower()
        and presented.serial.upper() == serial.strip().upper()
    )
    numbers = {e.certificate_number for e in extensions}
    matched = presented.number in numbers

    def valid_for(extension: Extension) -> bool | None:
        if extension.certificate_number == presented.number:
            return genuine_for_unit
        if extension.certificate_number is None:
            # The store did not say which certificate proves it: a genuine
            # certificate of this unit is accepted, anything else refused.
            return genuine_for_unit
        return None if matched else False

    return tuple(dataclasses.replace(e, certificate_valid=valid_for(e)) for e in extensions)
