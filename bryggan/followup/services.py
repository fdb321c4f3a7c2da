"""Writes for systematic follow-up: instruments, plans, subjects, measurements, imports, exports.

Every function checks first and writes inside one transaction, so a refused change leaves
nothing half-saved. Messages are translated; callers show them next to the form or row.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bryggan.followup import dictionary, guard
from bryggan.followup.answers import check_answers, scaled_matrix, subscale_scores
from bryggan.followup.models import (
    AuditEntry,
    FollowupPlan,
    Instrument,
    InstrumentVersion,
    Item,
    Measurement,
    Occasion,
    PlanGrant,
    PlanUnit,
    ReleaseBatch,
    Subject,
    Subscale,
)
from bryggan.lib.suppression import FLOOR, batch_decision
from bryggan.people.models import Organisation, User

# Letters and digits that cannot be mistaken for each other; at most a few digits in a row, so a
# subject code never looks like an identity number.
CODE_ALPHABET = "ACDEFHJKLMNPRTUVWXY3479"
CODE_LENGTH = 6
MAX_NEW_SUBJECTS = 500


def audit(
    *, plan: FollowupPlan | None, user: Any, action: str, summary: str, **detail: Any
) -> AuditEntry:
    """Write one line to the audit log (never an identity number: callers pass codes only)."""
    return AuditEntry.objects.create(
        plan=plan,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        summary=summary[:500],
        detail=detail,
    )


# Path segments under /uppfoljning/ that a plan's slug must not take.
RESERVED_SLUGS = {"instrument", "logg", "planer"}


def unique_slug(model: Any, text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:70] or "x"
    if base in RESERVED_SLUGS:
        base = f"{base}-plan"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# ---- instruments ------------------------------------------------------------------------------


@transaction.atomic
def instrument_save(
    *, instrument: Instrument | None = None, user: Any = None, **fields: Any
) -> Instrument:
    """Create or change an instrument; a new instrument gets a first, empty version "1"."""
    guard.check_fields(fields)
    creating = instrument is None
    if instrument is None:
        instrument = Instrument(created_by=user)
    for name, value in fields.items():
        setattr(instrument, name, value)
    if not instrument.slug:
        instrument.slug = unique_slug(Instrument, instrument.name)
    instrument.full_clean()
    instrument.save()
    if creating:
        InstrumentVersion.objects.create(instrument=instrument, label="1")
    return instrument


@transaction.atomic
def version_create(
    *, instrument: Instrument, label: str, note: str = "", copy_from: InstrumentVersion | None
) -> InstrumentVersion:
    """Add a version, optionally starting as a copy of an earlier one (items and subscales)."""
    guard.check_fields({"label": label, "note": note})
    if instrument.versions.filter(label=label).exists():
        raise ValidationError(
            {"label": _("This instrument already has a version %(label)s.") % {"label": label}}
        )
    version = InstrumentVersion(instrument=instrument, label=label, note=note)
    version.full_clean()
    version.save()
    if copy_from is not None:
        mapping = {}
        for item in copy_from.items.all():
            old_pk = item.pk
            item.pk = None
            item.version = version
            item.save()
            mapping[old_pk] = item
        for subscale in copy_from.subscales.prefetch_related("items"):
            members = [mapping[i.pk] for i in subscale.items.all()]
            subscale.pk = None
            subscale.version = version
            subscale.save()
            subscale.items.set(members)
    return version


def _refuse_frozen(version: InstrumentVersion) -> None:
    if version.is_frozen or version.measurements.exists():
        raise ValidationError(
            _(
                "Version %(label)s of %(instrument)s already has data, so its items are frozen. "
                "Create a new version to change them."
            )
            % {"label": version.label, "instrument": version.instrument.name}
        )


@transaction.atomic
def item_save(*, version: InstrumentVersion, item: Item | None = None, **fields: Any) -> Item:
    """Create or change one item of a version that has no data yet."""
    _refuse_frozen(version)
    guard.check_fields({"text": fields.get("text", "")})
    spec = dictionary.ItemSpec(
        code=fields.get("code", item.code if item else ""),
        kind=fields.get("kind", item.kind if item else ""),
        text=fields.get("text", item.text if item else ""),
        choices=fields.get("choices", item.choices if item else []),
        min_value=fields.get("min_value", item.min_value if item else None),
        max_value=fields.get("max_value", item.max_value if item else None),
        required=fields.get("required", item.required if item else False),
        reverse_coded=fields.get("reverse_coded", item.reverse_coded if item else False),
    )
    problems = dictionary.check_item(spec)
    taken = version.items.filter(code=spec.code).exclude(pk=item.pk if item else 0).exists()
    if taken or version.subscales.filter(code=spec.code).exists():
        problems.append(
            _("This version already has a variable named “%(code)s”.") % {"code": spec.code}
        )
    if problems:
        raise ValidationError(problems)
    if item is None:
        position = (version.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = Item(version=version, position=position)
    item.code, item.kind, item.text = spec.code, spec.kind, spec.text
    item.choices = (
        spec.choices if spec.kind != Item.Kind.YESNO else (spec.choices or Item.YESNO_CHOICES)
    )
    item.min_value, item.max_value = spec.min_value, spec.max_value
    item.required, item.reverse_coded = spec.required, spec.reverse_coded
    item.save()
    return item


@transaction.atomic
def item_delete(*, item: Item) -> None:
    _refuse_frozen(item.version)
    item.delete()


@transaction.atomic
def subscale_save(
    *,
    version: InstrumentVersion,
    subscale: Subscale | None = None,
    items: Sequence[Item],
    **fields: Any,
) -> Subscale:
    """Create or change a subscale of a version that has no data yet."""
    _refuse_frozen(version)
    guard.check_fields({"label": fields.get("label", "")})
    errors: dict[str, str] = {}
    if not items:
        errors["items"] = _("Choose the items the subscale is built from.")
    elif any(item.kind not in Item.SCALED or item.version_id != version.pk for item in items):
        errors["items"] = _(
            "A subscale can only use Likert, number and yes/no items of this version."
        )
    if items and not 1 <= fields.get("min_answered", 0) <= len(items):
        errors["min_answered"] = _(
            "The minimum number of answered items must be between 1 and the number of items."
        )
    code = fields.get("code", "")
    if (
        version.items.filter(code=code).exists()
        or version.subscales.filter(code=code).exclude(pk=subscale.pk if subscale else 0).exists()
    ):
        errors["code"] = _("This version already has a variable named “%(code)s”.") % {"code": code}
    if errors:
        raise ValidationError(errors)
    if subscale is None:
        subscale = Subscale(version=version, position=version.subscales.count() + 1)
    for name, value in fields.items():
        setattr(subscale, name, value)
    subscale.full_clean(exclude=["version", "items"])
    subscale.save()
    subscale.items.set(items)
    return subscale


@transaction.atomic
def dictionary_import(*, version: InstrumentVersion, text: str) -> InstrumentVersion:
    """Replace a version's items and subscales with those of a data dictionary, all or nothing."""
    _refuse_frozen(version)
    messages = guard.cell_messages(
        [line.split(",") for line in text.splitlines()[1:]],
        text.splitlines()[0].split(",") if text else [],
    )
    if messages:
        raise guard.IdentityNumberFound(
            [
                _(
                    "The file was refused and nothing was saved. Bryggan never stores identity numbers."
                ),
                *messages,
            ]
        )
    parsed = dictionary.parse(text)
    if parsed.errors:
        raise ValidationError(parsed.errors)
    version.subscales.all().delete()
    version.items.all().delete()
    items = {}
    for position, spec in enumerate(parsed.items, start=1):
        items[spec.code] = Item.objects.create(
            version=version,
            position=position,
            code=spec.code,
            kind=spec.kind,
            text=spec.text,
            choices=spec.choices or (Item.YESNO_CHOICES if spec.kind == Item.Kind.YESNO else []),
            min_value=spec.min_value,
            max_value=spec.max_value,
            required=spec.required,
            reverse_coded=spec.reverse_coded,
        )
    for position, sub in enumerate(parsed.subscales, start=1):
        subscale = Subscale.objects.create(
            version=version,
            position=position,
            code=sub.code,
            label=sub.label,
            method=sub.method,
            min_answered=sub.min_answered,
            higher_is_better=sub.higher_is_better,
            important_change=sub.important_change,
        )
        subscale.items.set([items[code] for code in sub.items])
    return version


# ---- plans ------------------------------------------------------------------------------------


PLAN_TEXT_FIELDS = ("title", "intervention", "target_group", "question", "description")


@transaction.atomic
def plan_save(
    *,
    plan: FollowupPlan | None = None,
    user: Any = None,
    priority_areas: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    **fields: Any,
) -> FollowupPlan:
    """Create or change a plan; its creator manages it. The reporting period freezes with data."""
    guard.check_fields({name: fields.get(name, "") for name in PLAN_TEXT_FIELDS})
    minimum = fields.get("suppression_minimum")
    if minimum is not None and minimum < FLOOR:
        raise ValidationError(
            {"suppression_minimum": _("The suppression minimum cannot be below 3.")}
        )
    creating = plan is None
    if plan is None:
        plan = FollowupPlan(created_by=user)
    elif (
        "report_period" in fields
        and fields["report_period"] != plan.report_period
        and plan.subjects.exists()
    ):
        raise ValidationError(
            {"report_period": _("The reporting period cannot change once the plan has subjects.")}
        )
    for name, value in fields.items():
        setattr(plan, name, value)
    if not plan.slug:
        plan.slug = unique_slug(FollowupPlan, plan.title)
    plan.full_clean(exclude=["priority_areas", "topics"])
    plan.save()
    plan.priority_areas.set(priority_areas)
    plan.topics.set(topics)
    if creating and user is not None and user.is_authenticated:
        PlanGrant.objects.create(
            plan=plan, user=user, level=PlanGrant.Level.MANAGE, granted_by=user
        )
    audit(
        plan=plan,
        user=user,
        action=AuditEntry.Action.PLAN,
        summary=_("Plan created") if creating else _("Plan changed"),
        fields=sorted(fields),
    )
    return plan


@transaction.atomic
def unit_add(
    *, plan: FollowupPlan, organisation: Organisation, code: str, user: Any = None
) -> PlanUnit:
    code = code.strip().upper()
    if plan.units.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This unit already takes part in the plan.")})
    if plan.units.filter(code=code).exists():
        raise ValidationError({"code": _("Another unit in the plan has this code.")})
    unit = PlanUnit(plan=plan, organisation=organisation, code=code)
    unit.full_clean()
    unit.save()
    audit(
        plan=plan,
        user=user,
        action=AuditEntry.Action.PLAN,
        summary=_("Unit added: %(unit)s") % {"unit": organisation.name},
    )
    return unit


@transaction.atomic
def unit_remove(*, unit: PlanUnit, user: Any = None) -> None:
    if unit.subjects.exists():
        raise ValidationError(_("A unit with subjects cannot leave the plan."))
    audit(
        plan=unit.plan,
        user=user,
        action=AuditEntry.Action.PLAN,
        summary=_("Unit removed: %(unit)s") % {"unit": unit.organisation.name},
    )
    unit.delete()


@transaction.atomic
def occasion_save(
    *,
    plan: FollowupPlan,
    occasion: Occasion | None = None,
    versions: Sequence[InstrumentVersion],
    user: Any = None,
    **fields: Any,
) -> Occasion:
    """Create or change an occasion and the instrument versions measured at it."""
    guard.check_fields({"label": fields.get("label", "")})
    if not versions:
        raise ValidationError({"versions": _("Choose at least one instrument version.")})
    key = fields.get("key", occasion.key if occasion else "")
    if plan.occasions.filter(key=key).exclude(pk=occasion.pk if occasion else 0).exists():
        raise ValidationError({"key": _("The plan already has an occasion with this short name.")})
    if occasion is not None:
        used = set(
            Measurement.objects.filter(occasion=occasion)
            .values_list("version_id", flat=True)
            .distinct()
        )
        dropped = used - {v.pk for v in versions}
        if dropped:
            raise ValidationError(
                {
                    "versions": _(
                        "An instrument version with data at this occasion cannot be removed from it."
                    )
                }
            )
    if occasion is None:
        occasion = Occasion(plan=plan, position=plan.occasions.count())
    for name, value in fields.items():
        setattr(occasion, name, value)
    occasion.full_clean(exclude=["versions"])
    occasion.save()
    occasion.versions.set(versions)
    audit(
        plan=plan,
        user=user,
        action=AuditEntry.Action.PLAN,
        summary=_("Occasion saved: %(label)s") % {"label": occasion.label},
    )
    return occasion


@transaction.atomic
def grant_save(
    *, plan: FollowupPlan, user: User, level: str, can_export: bool, note: str = "", by: Any = None
) -> PlanGrant:
    """Give a person access to a plan (or change it)."""
    guard.check_fields({"note": note})
    grant, _created = PlanGrant.objects.update_or_create(
        plan=plan,
        user=user,
        defaults={"level": level, "can_export": can_export, "note": note, "granted_by": by},
    )
    audit(
        plan=plan,
        user=by,
        action=AuditEntry.Action.ACCESS,
        summary=_("Access for %(user)s: %(level)s%(export)s")
        % {
            "user": user.email,
            "level": grant.get_level_display(),
            "export": _(", may export") if can_export else "",
        },
    )
    return grant


@transaction.atomic
def grant_remove(*, grant: PlanGrant, by: Any = None) -> None:
    if (
        grant.level == PlanGrant.Level.MANAGE
        and grant.plan.grants.filter(level=PlanGrant.Level.MANAGE).count() == 1
        and grant.plan.created_by_id in (None, grant.user_id)
    ):
        raise ValidationError(_("A plan needs at least one person who manages it."))
    audit(
        plan=grant.plan,
        user=by,
        action=AuditEntry.Action.ACCESS,
        summary=_("Access removed for %(user)s") % {"user": grant.user.email},
    )
    grant.delete()


# ---- subjects ---------------------------------------------------------------------------------


def _new_code(unit: PlanUnit, taken: set[str]) -> str:
    while True:
        code = f"{unit.code}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


@transaction.atomic
def subjects_create(
    *, plan: FollowupPlan, unit: PlanUnit, count: int, enrolled_on: date, user: Any = None
) -> list[Subject]:
    """Generate `count` new pseudonymous subject codes for a unit of a plan."""
    if not 1 <= count <= MAX_NEW_SUBJECTS:
        raise ValidationError(
            {"count": _("Create between 1 and %(n)d codes at a time.") % {"n": MAX_NEW_SUBJECTS}}
        )
    if enrolled_on < plan.start or (plan.end and enrolled_on > plan.end):
        raise ValidationError({"enrolled_on": _("The date must fall within the plan's period.")})
    if enrolled_on > timezone.localdate():
        raise ValidationError({"enrolled_on": _("The date cannot be in the future.")})
    if plan.status == FollowupPlan.Status.CLOSED:
        raise ValidationError(_("The plan is closed."))
    taken = set(Subject.objects.filter(plan=plan).values_list("code", flat=True))
    period = plan.period_of(enrolled_on)
    subjects = Subject.objects.bulk_create(
        [
            Subject(
                plan=plan,
                unit=unit,
                code=_new_code(unit, taken),
                enrolled_on=enrolled_on,
                period=period,
                created_by=user,
            )
            for _ in range(count)
        ]
    )
    audit(
        plan=plan,
        user=user,
        action=AuditEntry.Action.SUBJECTS,
        summary=_("%(n)d subject codes created for %(unit)s")
        % {"n": count, "unit": unit.organisation.name},
        unit=unit.code,
    )
    return subjects


# ---- measurements -----------------------------------------------------------------------------


def measures_of(
    version: InstrumentVersion,
) -> tuple[list[Item], list[Subscale], dict[int, list[int]]]:
    """Return a version's items, subscales and the item ids of each subscale (cached on it)."""
    cached = getattr(version, "_followup_measures", None)
    if cached is None:
        items = list(version.items.all())
        subscales = list(version.subscales.all())
        members: dict[int, list[int]] = {}
        for subscale_id, item_id in Subscale.items.through.objects.filter(
            subscale__version=version
        ).values_list("subscale_id", "item_id"):
            members.setdefault(subscale_id, []).append(item_id)
        cached = (items, subscales, members)
        version._followup_measures = cached  # type: ignore[attr-defined]
    return cached


def _check_place(subject: Subject, occasion: Occasion, version: InstrumentVersion) -> None:
    if occasion.plan_id != subject.plan_id:
        raise ValidationError(_("The occasion belongs to another plan."))
    if not occasion.versions.filter(pk=version.pk).exists():
        raise ValidationError(_("This instrument version is not measured at this occasion."))


def _check_date(subject: Subject, measured_on: date) -> None:
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("The date cannot be in the future.")})
    if measured_on < subject.plan.start:
        raise ValidationError({"measured_on": _("The date is before the plan started.")})


@transaction.atomic
def measurement_save(
    *,
    subject: Subject,
    occasion: Occasion,
    version: InstrumentVersion,
    measured_on: date,
    raw: Mapping[str, Any],
    user: Any = None,
) -> Measurement:
    """Save (or correct) one subject's answers at one occasion; refuse the whole input on any error."""
    _check_place(subject, occasion, version)
    guard.check_fields(dict(raw))
    items, _subs, _members = measures_of(version)
    answers = check_answers(items, raw)
    if answers.errors:
        raise ValidationError(answers.errors)
    _check_date(subject, measured_on)
    measurement = (
        Measurement.objects.select_for_update()
        .filter(subject=subject, occasion=occasion, version=version)
        .first()
    )
    correcting = measurement is not None
    if measurement is None:
        measurement = Measurement(
            plan_id=subject.plan_id,
            subject=subject,
            unit_id=subject.unit_id,
            period=subject.period,
            occasion=occasion,
            version=version,
            entered_by=user if user is not None and user.is_authenticated else None,
        )
    measurement.measured_on = measured_on
    measurement.values = answers.values
    measurement.missing = answers.missing
    measurement.save()
    _freeze(version)
    audit(
        plan=subject.plan,
        user=user,
        action=AuditEntry.Action.CORRECTION if correcting else AuditEntry.Action.ENTRY,
        summary=_("%(subject)s, %(occasion)s: %(instrument)s")
        % {"subject": subject.code, "occasion": occasion.label, "instrument": str(version)},
    )
    if not correcting:
        release(
            plan=subject.plan, cells={(subject.unit_id, subject.period, occasion.pk, version.pk)}
        )
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user: Any = None) -> None:
    """Delete a measurement (entered by mistake); the audit log keeps that it happened."""
    audit(
        plan=measurement.plan,
        user=user,
        action=AuditEntry.Action.DELETION,
        summary=_("%(subject)s, %(occasion)s deleted")
        % {"subject": measurement.subject.code, "occasion": measurement.occasion.label},
        released=measurement.batch_id is not None,
    )
    measurement.delete()


def _freeze(version: InstrumentVersion) -> None:
    if version.frozen_at is None:
        InstrumentVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )
        version.frozen_at = timezone.now()


def answered_counts(version: InstrumentVersion, rows: Sequence[Sequence[Any]]) -> list[int]:
    """How many of `rows` answer each measure of a version: every item, then every subscale."""
    items, subscales, members = measures_of(version)
    counts = []
    for j in range(len(items)):
        counts.append(sum(1 for row in rows if row[j] is not None and row[j] != []))
    if subscales and rows:
        scores = subscale_scores(subscales, items, scaled_matrix(items, rows), members)
        counts.extend(int((~np.isnan(scores[:, k])).sum()) for k in range(len(subscales)))
    else:
        counts.extend(0 for _ in subscales)
    return counts


def release(
    *, plan: FollowupPlan, cells: Iterable[tuple[int, str, int, int]]
) -> list[ReleaseBatch]:
    """Release the waiting measurements of each cell to reports when they may go together.

    A cell is a unit, reporting period, occasion and instrument version. Its waiting
    measurements enter reports as one batch once lib.suppression.batch_decision allows, so a
    report never changes by fewer than the plan's minimum number of subjects.
    """
    made = []
    for unit_id, period, occasion_id, version_id in cells:
        pending = list(
            Measurement.objects.filter(
                plan=plan,
                unit_id=unit_id,
                period=period,
                occasion_id=occasion_id,
                version_id=version_id,
                batch__isnull=True,
            ).values_list("pk", "values")
        )
        if len(pending) < plan.suppression_minimum:
            continue
        version = InstrumentVersion.objects.get(pk=version_id)
        items, subscales, _members = measures_of(version)
        counts = answered_counts(version, [values for _pk, values in pending])
        ready, withheld = batch_decision(len(pending), counts, plan.suppression_minimum)
        if not ready:
            continue
        codes = [i.code for i in items] + [s.code for s in subscales]
        batch = ReleaseBatch.objects.create(
            plan=plan,
            unit_id=unit_id,
            period=period,
            occasion_id=occasion_id,
            version_id=version_id,
            size=len(pending),
            withheld=[codes[i] for i in withheld],
        )
        Measurement.objects.filter(pk__in=[pk for pk, _values in pending]).update(batch=batch)
        made.append(batch)
    return made


def pending_count(plan: FollowupPlan, units: Sequence[PlanUnit] | None = None) -> int:
    """How many measurements wait to enter reports."""
    rows = Measurement.objects.filter(plan=plan, batch__isnull=True)
    if units is not None:
        rows = rows.filter(unit__in=units)
    return rows.count()


def measurements_bulk_insert(rows: Sequence[Measurement], *, batch_size: int = 2000) -> None:
    """Insert many measurements at once (imports and the benchmark)."""
    try:
        Measurement.objects.bulk_create(rows, batch_size=batch_size)
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Another measurement for one of these subjects and this occasion was saved meanwhile. Nothing was imported; try again."
            )
        ) from error
