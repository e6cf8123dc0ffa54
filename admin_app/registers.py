"""What every register view shares: the save cycle, today in England, paging."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from typing import Any, Callable, Generic, Mapping, TypeVar

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from sqlalchemy.orm import Session

from admin_app import context, db
from admin_app.auth import current_user, editors_only, roles_required
from admin_app.fields import RegisterForm
from core.errors import ValidationFailed
from core.services.deadlines import today_in_england
from core.services.visibility import ensure_visible

PER_PAGE = 50
# What each register's pages say, by the name of its entries (admin_app/registers.json).
WORDING: dict[str, dict[str, Any]] = json.loads(
    (resources.files("admin_app") / "registers.json").read_text(encoding="utf-8")
)
T = TypeVar("T")
E = TypeVar("E")
Listed = TypeVar("Listed", bound=Callable[[Any], dict[str, Any]])
Context = TypeVar("Context", bound=Callable[..., dict[str, Any]])
# What a change did: the message to flash, and where to go after the commit (an address, or a page to show).
Done = tuple[str, str | Callable[[], ResponseReturnValue]]


def save(
    form: RegisterForm,
    change: Callable[[], T],
    *,
    render: Callable[[], str],
    done: Callable[[T], Done],
) -> ResponseReturnValue:
    """The save cycle of every register form.

    On a POST: validate the form and call `change` (the service); if either refuses, roll back and
    re-render with the errors on their fields and status 400 (nothing written); else commit, flash
    done's message and redirect to done's address (or, when done gives a page instead, show it: a report of
    what was done too long to carry to another page). On a GET: render.
    """
    if request.method != "POST":
        return render()
    if form.validate():
        try:
            result = change()
        except ValidationFailed as exc:
            db().rollback()
            form.add_errors(exc.errors or {"": exc.message})
        else:
            db().commit()
            message, then = done(result)
            flash(message)
            return redirect(then) if isinstance(then, str) else then()
    return render(), 400


def act(
    do: Callable[[], Any],
    message: str,
    *,
    back: str,
    page: Callable[[], ResponseReturnValue],
    then: str = "",
) -> ResponseReturnValue:
    """A one-button change: done, committed, `message` flashed and `then` (or `back`) shown; or refused, rolled
    back (nothing changed) and `page` (the page at `back`, where the button is) drawn again with the refusal at
    its top and a 400, so whatever it asks for can be put right there."""
    try:
        do()
    except ValidationFailed as exc:
        db().rollback()
        # Each reason a line of the error summary: run together, two reasons read as one garbled sentence.
        for reason in exc.errors.values() if exc.errors else [exc.message]:
            flash(reason, "error")
        return make_response(page()), 400
    db().commit()
    flash(message)
    return redirect(then or back)


def page_of(endpoint: str, **values: Any) -> Callable[[], ResponseReturnValue]:
    """A GET-only page of another module, drawn again in this request (for `act`'s refusals), looked up by name
    where importing its module would be circular."""
    return lambda: current_app.ensure_sync(current_app.view_functions[endpoint])(**values)  # type: ignore[no-any-return]


def today() -> dt.date:
    """Today's date in England, from the app's clock."""
    return today_in_england(context().clock)


def due_soon_days() -> int:
    """How many days ahead counts as "due soon" (setting `due_soon_days`, LEARNING_LOOP_DUE_SOON_DAYS)."""
    return context().settings.due_soon_days


# A larger ?page= would overflow the database's OFFSET (a 500, not an empty page).
MAX_PAGE = 100_000


def page_number() -> int:
    """The ?page= argument, from 1 to MAX_PAGE."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)


def pages(total: int, per_page: int = PER_PAGE) -> int:
    return max((total + per_page - 1) // per_page, 1)


def entry_pages(
    bp: Blueprint,
    name: str,
    form: Callable[..., Any],
    *,
    load: Callable[[int], Any],
    create: Callable[[Session, int | None, Any], Any],
    update: Callable[[Session, int | None, Any, Any], dict[str, list[Any]]],
    defaults: Callable[[], dict[str, Any]] = dict,
    edit_form: Callable[..., Any] | None = None,
    nested: bool = False,
    shown: Callable[[Any], str] | None = None,
) -> None:
    """Add a register's pages to add an entry (`/new`) and change one (`/<name>_id/edit`), both through `save`.

    The template is `<blueprint>/form.html` and gets the form and the entry (None when adding) as `name`.
    The messages after saving and the values a new entry starts with are registers.json's, under `name`;
    `defaults` adds those that depend on the request or the day.
    `nested`: the blueprint has several kinds of entry, so the pages are /<name>s/new (endpoint new_<name>),
    and the template <blueprint>/<name>_form.html. `shown`: where to go after saving (default: the
    blueprint's `show` page of the entry).
    """
    id_arg = f"{name}_id"
    wording = WORDING[name]
    prefix, suffix = (f"/{name}s", f"_{name}") if nested else ("", "")
    template = f"{bp.name}/{name}_form.html" if nested else f"{bp.name}/form.html"

    def page_of(entry: Any) -> str:
        return shown(entry) if shown else url_for(f"{bp.name}.show", **{id_arg: entry.id})

    def new() -> ResponseReturnValue:
        filled = form(data={**wording.get("defaults", {}), **defaults()})
        return save(
            filled,
            lambda: create(db(), current_user().id, filled.details()),
            render=lambda: render_template(template, form=filled, **{name: None}),
            done=lambda entry: (wording["added"].format(entry=entry), page_of(entry)),
        )

    def edit(**ids: int) -> ResponseReturnValue:
        entry = load(ids[id_arg])
        filled = (edit_form or form)(obj=entry)
        return save(
            filled,
            lambda: update(db(), current_user().id, entry, filled.details()),
            render=lambda: render_template(template, form=filled, **{name: entry}),
            done=lambda changes: (wording["updated"] if changes else "Nothing was changed.", page_of(entry)),
        )

    methods = ["GET", "POST"]
    bp.add_url_rule(f"{prefix}/new", f"new{suffix}", editors_only(new), methods=methods)
    bp.add_url_rule(f"{prefix}/<int:{id_arg}>/edit", f"edit{suffix}", editors_only(edit), methods=methods)


class RegisterPages(Generic[E]):
    """The pages every register has, on its blueprint: its list at /, an entry's page at /<name>_id (which the
    learning pages link to as the page of a `source`, by default `name`), and the forms to add and change an entry.
    What they say is registers.json's, under `name`."""

    def __init__(
        self, bp: Blueprint, model: type[E], name: str, source: str = "", readers: tuple[str, ...] = ()
    ) -> None:
        # Imported here: the learning module uses this one's save cycle.
        from admin_app.learning import register_source_page

        self.bp, self.model, self.name, self.id_arg = bp, model, name, f"{name}_id"
        # The only roles that may open the list, an entry and the export (every signed-in role when empty).
        self.readers = readers
        self.context: Callable[..., dict[str, Any]] = lambda _entry: {}
        register_source_page(source or name, f"{bp.name}.show", self.id_arg, readers=readers)

    def may_read(self) -> bool:
        """Whether the signed-in user may open this register's entries."""
        return not self.readers or current_user().role in self.readers

    def _read_only_by_readers(self, view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
        return roles_required(*self.readers)(view) if self.readers else view

    def load(self, entry_id: int) -> E:
        """The entry with this id if the signed-in user may see it; NotFound otherwise."""
        return visible(self.model, entry_id, WORDING[self.name]["what"])

    def listing(
        self,
        filters: Callable[[Mapping[str, Any]], Any],
        lister: Callable[..., tuple[list[Any], int]],
        more: Callable[[list[Any]], dict[str, Any]] | None = None,
    ) -> Callable[[Listed], Listed]:
        """Make the decorated function, from the filters `filters` reads in the query arguments to what the list
        shows besides its entries, the list page (through `list_page`, with `more`)."""

        def add(listed: Listed) -> Listed:
            def index() -> ResponseReturnValue:
                chosen = filters(request.args)
                return list_page(self.bp, chosen, lister, more=more, **listed(chosen))

            self.bp.add_url_rule("/", "index", self._read_only_by_readers(index))
            return listed

        return add

    def entry_page(self, context: Context) -> Context:
        """Make the decorated function, from an entry (and a form being filled on its page, if any) to what the
        entry's page shows besides the entry, the entry's page: <blueprint>/show.html with the entry as `name`."""
        self.context = context

        def view(**ids: int) -> ResponseReturnValue:
            return self.render(self.load(ids[self.id_arg]))

        self.bp.add_url_rule(f"/<int:{self.id_arg}>", "show", self._read_only_by_readers(view))
        return context

    def render(self, entry: E, *form: Any) -> str:
        """The entry's page, drawn by `entry_page`'s function (with the form being filled, when given)."""
        return render_template(f"{self.bp.name}/show.html", **{self.name: entry}, **self.context(entry, *form))

    def entry_forms(self, form: Callable[..., Any], **pages: Any) -> None:
        """The pages to add and change an entry (`entry_pages`, with `pages` its other arguments)."""
        entry_pages(self.bp, self.name, form, load=self.load, **pages)


def part_pages(
    bp: Blueprint,
    parent: str,
    part: str,
    path: str,
    *,
    load: Callable[[int], Any],
    get: Callable[[Session, Any, int], Any],
    form: Callable[[Any, Any], Any],
    add: Callable[[Session, int | None, Any, Any], Any],
    update: Callable[[Session, int | None, Any, Any, Any], dict[str, list[Any]]],
    remove: Callable[[Session, int | None, Any, Any], None],
    render_parent: Callable[[Any, Any], str],
    render_part: Callable[[Any, Any, Any], str],
    added: Callable[[Any], str],
    updated: str,
    removed: Callable[[Any], str],
    anchor: str,
) -> None:
    """Add the pages for the parts of an entry (an audit's findings, a map's organisations, an indicator's values).

    POST /<parent>_id/<path> adds a part from the form on the entry's page (endpoint add_<part>);
    /<parent>_id/<path>/<part>_id/edit changes one, or removes it when the form's "delete" button is pressed
    (endpoint edit_<part>). `form(parent, part)` builds the form (part None when adding); the services get the
    filled form. After saving, the entry's page opens at its `anchor` section.
    """
    parent_id, part_id = f"{parent}_id", f"{part}_id"

    def back(entry: Any) -> str:
        return url_for(f"{bp.name}.show", **{parent_id: entry.id}, _anchor=anchor)

    def add_part(**ids: int) -> ResponseReturnValue:
        entry = load(ids[parent_id])
        filled = form(entry, None)
        return save(
            filled,
            lambda: add(db(), current_user().id, entry, filled),
            render=lambda: render_parent(load(ids[parent_id]), filled),
            done=lambda saved: (added(saved), back(entry)),
        )

    def edit_part(**ids: int) -> ResponseReturnValue:
        entry = load(ids[parent_id])
        item = get(db(), entry, ids[part_id])
        if request.method == "POST" and request.form.get("delete"):
            remove(db(), current_user().id, entry, item)
            db().commit()
            flash(removed(item))
            return redirect(back(entry))
        filled = form(entry, item)
        return save(
            filled,
            lambda: update(db(), current_user().id, entry, item, filled),
            render=lambda: render_part(entry, item, filled),
            done=lambda changes: (updated if changes else "Nothing was changed.", back(entry)),
        )

    rule = f"/<int:{parent_id}>/{path}"
    bp.add_url_rule(rule, f"add_{part}", editors_only(add_part), methods=["POST"])
    bp.add_url_rule(f"{rule}/<int:{part_id}>/edit", f"edit_{part}", editors_only(edit_part), methods=["GET", "POST"])


def list_page(
    bp: Blueprint,
    filters: Any,
    lister: Callable[..., tuple[list[Any], int]],
    *,
    more: Callable[[list[Any]], dict[str, Any]] | None = None,
    **extra: Any,
) -> str:
    """A register's list page (<blueprint>/index.html): one page of the entries the filters match, the page
    numbers and the export links that keep the filters. `more(items)` adds what depends on the page shown."""
    # Imported here: the exports module reads today() from this one.
    from admin_app.exports import export_links

    page = page_number()
    items, total = lister(db(), current_user(), filters, page=page, per_page=PER_PAGE)
    return render_template(
        f"{bp.name}/index.html",
        items=items,
        total=total,
        page=page,
        pages=pages(total),
        filters=filters,
        exports=export_links(f"{bp.name}.export", **filters.as_args()),
        **(more(items) if more else {}),
        **extra,
    )


def visible(model: type[E], entry_id: int, what: str) -> E:
    """The register entry with this id if the signed-in user may see it; NotFound otherwise."""
    entry: E = ensure_visible(current_user(), db().get(model, entry_id), what)
    return entry
