"""Strategic and themed work (domestic abuse, exploitation…): strategy, status, risks, needs, and a map.

The map's nodes are the organisations, partnerships and boards involved
(ThemedWorkOrganisation); each can sit under ("is a member of or reports to") one other node
of the same piece of work. An organisation in two partnerships is entered twice, once under
each: the map draws it once with two lines (nodes are matched by name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Optional

from sqlalchemy.orm import Session, selectinload

from analysis.charts import Chart, Link, Node, organisation_map
from core.errors import NotFound, ValidationFailed
from core.models import THEMED_WORK_STATUSES, Agency, ThemedWork, ThemedWorkOrganisation, User
from core.services.changes import Register, apply_changes, record_change, refuse_taken, remove_entry, snapshot
from core.services.listing import Filters, choice, visible_matching, page_of, search

NODE_KINDS: dict[str, str] = {"organisation": "Organisation", "partnership": "Partnership or group", "board": "Board"}
# Themes boards commonly run strategic work on (a hint on the form; any area is allowed).
AREAS = (
    "Domestic abuse",
    "Child sexual exploitation",
    "Criminal exploitation and county lines",
    "Neglect",
    "Missing children",
    "Harmful practices (FGM, forced marriage)",
    "Online safety",
    "Children's mental health",
    "Serious youth violence",
    "Prevent and radicalisation",
)
STATUS_TAGS = {"planned": "grey", "active": "green", "under_review": "yellow", "closed": "grey"}


def lines(text: str) -> list[str]:
    """Non-blank lines of a text field (risks and needs are one per line)."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


@dataclass
class WorkDetails:
    """A piece of themed work as staff enter it."""

    title: str
    status: str
    area: str = ""
    strategy: str = ""
    risks: str = ""
    needs: str = ""
    started_on: Optional[dt.date] = None
    review_on: Optional[dt.date] = None
    agency_id: Optional[int] = None
    restricted: bool = False


def _work_values(session: Session, details: WorkDetails, work: Optional[ThemedWork] = None) -> dict[str, Any]:
    """The columns to store; ValidationFailed if other work has the title."""
    refuse_taken(session, ThemedWork.title, details.title, work, f"There is already themed work called {details.title}")
    return asdict(details)


WORK: Register[ThemedWork, WorkDetails] = Register(
    ThemedWork, "themed_work", _work_values, copied={"title", "agency_id", "restricted"}
)
create_work = WORK.create
update_work = WORK.update


# ---------------------------------------------------------------------------------------------
# Organisations and partnerships on the map


def get_node(session: Session, work: ThemedWork, node_id: int) -> ThemedWorkOrganisation:
    """An organisation of this piece of work, or NotFound."""
    node = session.get(ThemedWorkOrganisation, node_id)
    if node is None or node.themed_work_id != work.id:
        raise NotFound("There is no such organisation in this piece of work.")
    return node


def _ancestors(work: ThemedWork, node_id: Optional[int]) -> set[int]:
    by_id = {n.id: n for n in work.organisations}
    seen: set[int] = set()
    while node_id is not None and node_id not in seen:
        seen.add(node_id)
        parent = by_id.get(node_id)
        node_id = parent.reports_to_id if parent else None
    return seen


@dataclass
class NodeDetails:
    """An organisation, partnership or board on a work's map: one of the agencies, or a name of its own."""

    kind: str
    agency_id: Optional[int] = None
    name: str = ""  # the agency's name when empty
    role: str = ""
    reports_to_id: Optional[int] = None


def _node_values(
    session: Session, work: ThemedWork, details: NodeDetails, node: Optional[ThemedWorkOrganisation] = None
) -> dict[str, Any]:
    """The columns to store; ValidationFailed if it would sit where it cannot or is there already."""
    values = asdict(details)
    if not details.name:
        agency = session.get(Agency, details.agency_id) if details.agency_id is not None else None
        if agency is None:
            raise ValidationFailed(
                {"name": "Enter the name of the organisation, partnership or board, or choose an agency"}
            )
        values["name"] = agency.name
    parent = details.reports_to_id
    if parent is not None:
        if parent not in {n.id for n in work.organisations}:
            raise ValidationFailed({"reports_to_id": "Select where it sits from the list"})
        if node is not None and node.id in _ancestors(work, parent):
            raise ValidationFailed(
                {"reports_to_id": "An organisation cannot sit under itself or under one of its own members"}
            )
    same = [
        n
        for n in work.organisations
        if n.name.lower() == values["name"].lower() and n.reports_to_id == parent and (node is None or n.id != node.id)
    ]
    if same:
        raise ValidationFailed({"name": f"{values['name']} is already on the map in that place"})
    return values


def add_node(session: Session, user_id: int | None, work: ThemedWork, details: NodeDetails) -> ThemedWorkOrganisation:
    """Add an organisation, partnership or board to the work's map (audit-logged)."""
    values = _node_values(session, work, details)
    node = ThemedWorkOrganisation(**values)
    work.organisations.append(node)
    session.flush()
    record_change(
        session,
        user_id,
        "themed_work.organisation_create",
        "themed_work",
        work.id,
        snapshot(values),
        organisation=node.id,
    )
    return node


def update_node(
    session: Session, user_id: int | None, work: ThemedWork, node: ThemedWorkOrganisation, details: NodeDetails
) -> dict[str, list[Any]]:
    """Edit an organisation of the map; returns (and audit-logs) what changed."""
    changes = apply_changes(node, _node_values(session, work, details, node))
    if changes:
        record_change(
            session, user_id, "themed_work.organisation_update", "themed_work", work.id, changes, organisation=node.id
        )
    session.flush()
    return changes


def remove_node(session: Session, user_id: int | None, work: ThemedWork, node: ThemedWorkOrganisation) -> None:
    """Take an organisation off the map; its members move up to where it sat (audit-logged)."""
    for member in work.organisations:
        if member.reports_to_id == node.id:
            member.reports_to_id = node.reports_to_id
    fields = ["name", "kind", "role"]
    remove_entry(
        session,
        user_id,
        node,
        fields,
        "themed_work.organisation_delete",
        "themed_work",
        work.id,
        delete=False,
        organisation=node.id,
    )
    session.flush()
    work.organisations.remove(node)  # delete-orphan: the row goes
    session.flush()


def node_choices(work: ThemedWork, exclude: Optional[ThemedWorkOrganisation] = None) -> list[tuple[int, str]]:
    """Nodes something can sit under (partnerships and boards first), as (id, label)."""
    order = {"board": 0, "partnership": 1, "organisation": 2}
    nodes = [n for n in work.organisations if exclude is None or n.id != exclude.id]
    nodes.sort(key=lambda n: (order.get(n.kind, 3), n.name.casefold(), n.id))
    # An organisation in two partnerships is on the map twice under one name: say where each sits, or the list
    # offers two identical choices.
    by_id = {n.id: n for n in work.organisations}
    names = Counter(n.name.casefold() for n in nodes)

    def label(n: ThemedWorkOrganisation) -> str:
        kind = NODE_KINDS.get(n.kind, n.kind).lower()
        if names[n.name.casefold()] > 1:
            parent = by_id.get(n.reports_to_id) if n.reports_to_id is not None else None
            kind += f", in {parent.name}" if parent is not None else ", at the top"
        return f"{n.name} ({kind})"

    return [(n.id, label(n)) for n in nodes]


def work_map(work: ThemedWork) -> Chart:
    """The organisations and partnerships of a piece of work as an accessible SVG map with its table."""
    by_id = {n.id: n for n in work.organisations}
    nodes = [Node(n.name, n.kind) for n in work.organisations]
    links = [
        Link(n.name, by_id[n.reports_to_id].name, n.role)
        for n in work.organisations
        if n.reports_to_id is not None and n.reports_to_id in by_id
    ]
    return organisation_map(nodes, links, title=f"Who works on {work.title}", chart_id=f"map-{work.id}")


# ---------------------------------------------------------------------------------------------
# The register list


@dataclass(frozen=True)
class WorkFilters(Filters):
    status: str = choice(THEMED_WORK_STATUSES)
    q: str = search()


def work_query(user: User, filters: WorkFilters) -> Any:
    return visible_matching(ThemedWork, user, filters, ("status",), ("title", "area"))


def list_work(
    session: Session, user: User, filters: WorkFilters, *, page: int = 1, per_page: int = 50
) -> tuple[list[ThemedWork], int]:
    """One page of the register (by title) and the total."""
    query = work_query(user, filters).options(selectinload(ThemedWork.agency), selectinload(ThemedWork.organisations))
    return page_of(session, query.order_by(ThemedWork.title, ThemedWork.id), page, per_page)
