"""Query expressions for the tsvector columns that search's migration adds (PostgreSQL).

The columns live on tables owned by discussions, whose models do not declare them, so the
ORM cannot name them with ``F()``.  ``StoredVector`` borrows the table alias of a real field
path (``"body"`` for the post row, ``"thread__title"`` for the joined thread) and reads the
``search_vector`` column of that same alias, so it survives joins and subquery relabelling.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models import BooleanField, CharField, Expression, F, Func


class StoredVector(Expression):
    output_field = SearchVectorField()

    def __init__(self, anchor: str, column: str = "search_vector"):
        super().__init__()
        self.anchor = anchor
        self.column = column
        self.alias = None

    def __repr__(self):
        return f"StoredVector({self.anchor!r})"

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        col = F(self.anchor).resolve_expression(query, allow_joins, reuse, summarize, for_save)
        clone = self.copy()
        clone.alias = col.alias
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(self.column)}", []

    @property
    def identity(self):
        return (type(self), self.anchor, self.column, self.alias)

    def __eq__(self, other):
        return isinstance(other, StoredVector) and self.identity == other.identity

    def __hash__(self):
        return hash(self.identity)


class Matches(Func):
    """``vector @@ query`` as a boolean expression usable in ``filter()``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


# SQLite: a Python function registered on each connection (search.apps), so the fallback
# compares text with case and accents folded the same way the snippets are highlighted.
FOLD_FUNCTION = "hub_fold"


class Folded(Func):
    """``hub_fold(field)``: the field lower-cased without accents (SQLite only)."""

    function = FOLD_FUNCTION
    output_field = CharField()


def register_fold(sender, connection, **kwargs):
    """connection_created receiver: give every SQLite connection ``hub_fold``."""
    if connection.vendor != "sqlite":
        return
    from search.query import fold

    connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
