"""Status changes: moderation, merging, verification, reports and endorsements.

The allowed transitions are data (TRANSITIONS) so the web forms, the JSON API and bulk actions all
obey the same rules, and an impossible change fails with a message instead of a silent no-op.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from geodata.errors import GeodataError
from geodata.models_assets import Asset, AssetReport
from geodata.queries.assets import SYSTEM, Actor, AssetStateError, get_asset, record_event

# action -> (statuses it may start from, status it leads to, event kind)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "approve": (("pending", "hidden", "rejected", "archived"), "approved", "approved"),
    "reject": (("pending", "hidden"), "rejected", "rejected"),
    "archive": (("pending", "approved", "hidden", "rejected"), "archived", "archived"),
}
ACTIONS = (*TRANSITIONS, "verify", "merge")
MERGE_SOURCES = ("pending", "approved", "hidden")
MERGE_TARGETS = ("pending", "approved")


def moderate(
    session: Session,
    asset_id: int,
    action: str,
    actor: Actor,
    reason: str | None = None,
    target_id: int | None = None,
) -> Asset:
    """Apply one moderation action to one asset (row-locked), recording the event."""
    if action == "merge":
        if target_id is None:
            raise GeodataError(
                "merging needs the id of the asset to keep", key="assets.err.merge_target"
            )
        return merge(session, asset_id, target_id, actor)
    if action == "verify":
        return verify(session, asset_id, actor)
    if action not in TRANSITIONS:
        raise GeodataError(
            f"unknown action {action!r}; use one of {', '.join(ACTIONS)}", key="assets.err.action"
        )
    allowed, new_status, kind = TRANSITIONS[action]
    asset = get_asset(session, asset_id, lock=True)
    if asset.status not in allowed:
        raise _state(asset, f"cannot {action} an asset that is {asset.status}")
    reason = (reason or "").strip() or None
    if action == "reject" and reason is None:
        raise GeodataError(
            "a rejection needs a reason; the submitter sees it on their link",
            key="assets.err.reject_reason",
        )
    diff: dict[str, Any] = {"status": [asset.status, new_status]}
    if reason != asset.status_note and action != "archive":
        diff["status_note"] = [asset.status_note, reason]
        asset.status_note = reason
    asset.status = new_status
    if action == "approve":
        _approve_extras(session, asset, actor, diff)
    asset.updated_at = func.now()
    record_event(session, asset.id, actor, kind, diff, note=reason)
    session.flush()
    return asset


def _approve_extras(session: Session, asset: Asset, actor: Actor, diff: dict[str, Any]) -> None:
    """Approval is a verification, closes open reports and gives the asset a steward."""
    asset.last_verified_at = func.now()
    if asset.open_reports:
        diff["open_reports"] = [asset.open_reports, 0]
        asset.open_reports = 0
        session.execute(
            update(AssetReport)
            .where(AssetReport.asset_id == asset.id, AssetReport.resolved_at.is_(None))
            .values(resolved_at=func.now())
        )
    if asset.steward_id is None and actor.user_id is not None:
        diff["steward_id"] = [None, actor.user_id]
        asset.steward_id = actor.user_id


def _state(asset: Asset, what: str) -> AssetStateError:
    """A refusal because of the asset's status, worded per status in the catalogue."""
    return AssetStateError(
        f"asset {asset.id}: {what}", key=f"assets.err.state.{asset.status}", id=asset.id
    )


def verify(session: Session, asset_id: int, actor: Actor) -> Asset:
    """Someone checked that the asset still exists as described: reset its verification clock."""
    asset = get_asset(session, asset_id, lock=True)
    if asset.status != "approved":
        raise AssetStateError(
            f"asset {asset_id}: only approved assets can be verified", key="assets.err.verify"
        )
    asset.last_verified_at = func.now()
    record_event(session, asset.id, actor, "verified")
    session.flush()
    return asset


def merge(session: Session, source_id: int, target_id: int, actor: Actor) -> Asset:
    """Fold a duplicate into the asset to keep: endorsements and earlier merges move; the
    duplicate stays (status merged) so its history and photos show with the target, while its
    submitter can still erase them through their private link."""
    if source_id == target_id:
        raise GeodataError("an asset cannot be merged into itself", key="assets.err.merge_self")
    source = get_asset(session, source_id, lock=True)
    target = get_asset(session, target_id, lock=True)
    if source.status not in MERGE_SOURCES:
        raise _state(source, f"cannot merge an asset that is {source.status}")
    if target.status not in MERGE_TARGETS:
        raise _state(target, f"cannot merge into an asset that is {target.status}")
    session.execute(
        update(Asset).where(Asset.merged_into_id == source.id).values(merged_into_id=target.id)
    )
    gained = source.endorsements
    record_event(
        session,
        target.id,
        actor,
        "merge_received",
        {
            "endorsements": [target.endorsements, target.endorsements + gained],
            "merged_from": [None, source.id],
        },
    )
    record_event(
        session,
        source.id,
        actor,
        "merged",
        {
            "status": [source.status, "merged"],
            "merged_into": [None, target.id],
            "endorsements": [gained, 0],
        },
    )
    target.endorsements += gained
    source.endorsements = 0
    source.status = "merged"
    source.merged_into_id = target.id
    source.updated_at = target.updated_at = func.now()
    session.flush()
    return source


def bulk(
    session: Session, ids: list[int], action: str, actor: Actor, reason: str | None = None
) -> int:
    """The same action on several assets, all or nothing (the first refusal aborts all)."""
    if not ids:
        raise GeodataError("choose at least one asset", key="assets.err.bulk_none")
    if action not in (*TRANSITIONS, "verify"):
        raise GeodataError(
            f"bulk action must be one of {', '.join((*TRANSITIONS, 'verify'))}",
            key="assets.err.action",
        )
    for asset_id in sorted(set(ids)):
        moderate(session, asset_id, action, actor, reason)
    return len(set(ids))


def endorse(session: Session, asset_id: int) -> int:
    """A resident says "this exists, I know it": one more endorsement on an approved asset."""
    asset = get_asset(session, asset_id, lock=True)
    if asset.status != "approved":
        raise AssetStateError(
            "only assets shown on the public map can be endorsed", key="assets.err.public_only"
        )
    asset.endorsements += 1
    record_event(
        session,
        asset.id,
        Actor("resident"),
        "endorsed",
        {"endorsements": [asset.endorsements - 1, asset.endorsements]},
    )
    session.flush()
    return asset.endorsements


def report(
    session: Session, asset_id: int, reason: str, client_hash: str | None, threshold: int
) -> bool:
    """Record a report; when `threshold` distinct clients have open reports, hide the asset.

    One open report per client and asset (a unique index): a repeat from the same client is
    accepted without counting again, so no single client can hide an asset by itself.
    Returns True when this report hid the asset.
    """
    asset = get_asset(session, asset_id, lock=True)
    if asset.status != "approved":
        raise AssetStateError(
            "only assets shown on the public map can be reported", key="assets.err.public_only"
        )
    added = session.execute(
        pg_insert(AssetReport)
        .values(asset_id=asset.id, reason=reason, client_hash=client_hash)
        .on_conflict_do_nothing(
            index_elements=["asset_id", "client_hash"], index_where=text("resolved_at IS NULL")
        )
        .returning(AssetReport.id)
    ).scalar_one_or_none()
    if added is None:
        return False
    before, asset.open_reports = asset.open_reports, _open_reporters(session, asset.id)
    record_event(
        session,
        asset.id,
        Actor("resident"),
        "reported",
        {"open_reports": [before, asset.open_reports]},
        note=reason,
    )
    hidden = asset.open_reports >= max(1, threshold)
    if hidden:
        asset.status = "hidden"
        record_event(
            session,
            asset.id,
            SYSTEM,
            "hidden",
            # the count, not an English sentence: the history page shows it in the reader's words
            {"status": ["approved", "hidden"], "open_reports": [before, asset.open_reports]},
        )
    session.flush()
    return hidden


def _open_reporters(session: Session, asset_id: int) -> int:
    """Distinct clients with an open report (a purged, NULL hash still counts as one client)."""
    return int(
        session.execute(
            text(
                "SELECT count(DISTINCT coalesce(client_hash, 'report:' || id)) "
                "FROM asset_reports WHERE asset_id = :a AND resolved_at IS NULL"
            ),
            {"a": asset_id},
        ).scalar_one()
    )


def reports_of(session: Session, asset_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(AssetReport.id, AssetReport.reason, AssetReport.created_at, AssetReport.resolved_at)
        .where(AssetReport.asset_id == asset_id)
        .order_by(AssetReport.created_at.desc())
    ).all()
    return [dict(r._mapping) for r in rows]


def open_report_total(session: Session) -> int:
    return int(
        session.execute(text("SELECT coalesce(sum(open_reports), 0) FROM assets")).scalar_one()
    )
