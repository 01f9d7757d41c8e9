"""Model instances from the rows of written-out queries.

A few hot list queries are written as SQL (``discussions.reading``, ``communities.selectors``,
``events.selectors``): building them with the ORM cost more CPU than running them.  A
``Columns`` names some columns of one model for the SELECT and turns the matching values of a
fetched row back into an instance, through the same converters the ORM applies (aware
datetimes and booleans on SQLite), so the instances look like the ORM's.  Fields left out
are deferred: reading one loads it with a query of its own, as after ``only()``.
"""

from django.db import connections


class Columns:
    """``fields`` (names; every concrete field when None) of ``model`` in a written-out query."""

    def __init__(self, model, fields=None):
        meta = model._meta
        self.model = model
        self.fields = list(meta.concrete_fields) if fields is None else [meta.get_field(name) for name in fields]
        self.attnames = [field.attname for field in self.fields]
        self.width = len(self.fields)
        self.pk_index = self.attnames.index(meta.pk.attname)
        self._converters = {}

    def sql(self, alias) -> str:
        """The columns as a SELECT list on the table aliased ``alias``."""
        return ", ".join(f"{alias}.{field.column}" for field in self.fields)

    def converters(self, connection):
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for i, field in enumerate(self.fields):
                expression = field.get_col(self.model._meta.db_table)
                # As the ORM's compiler: the backend's converters, then the field's own.
                functions = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
                if functions:
                    found.append((i, functions, expression))
            self._converters[connection.alias] = found
        return found

    def load(self, row, start=0, connection=None):
        """The instance held by ``row[start:start + width]`` (None when its primary key is NULL,
        as for the missing side of a LEFT JOIN); ``connection`` the one that ran the query."""
        values = list(row[start : start + self.width])
        if values[self.pk_index] is None:
            return None
        connection = connection or connections["default"]
        for i, functions, expression in self.converters(connection):
            value = values[i]
            for function in functions:
                value = function(value, expression, connection)
            values[i] = value
        return self.model.from_db(connection.alias, self.attnames, values)


class CountedRows:
    """A written-out list query as ``Paginator`` wants it (``count()`` and one slice), both
    answered by one query: ``fetch(offset, limit)`` returns the rows of that slice and the
    total (a ``COUNT(*) OVER ()`` column, so None when no row came back); ``count_all()``
    counts on its own, only when a page past the first turned out empty.  ``number`` is the
    page asked for, fetched first."""

    def __init__(self, fetch, count_all, *, number, per_page):
        self._fetch, self._count_all = fetch, count_all
        self._offset = (max(1, number) - 1) * per_page
        self._per_page = per_page
        self._rows = self._total = None

    def count(self):
        if self._total is None:
            self._rows, total = self._fetch(self._offset, self._per_page)
            if total is None:  # nothing at that offset: none at all, or a page past the last
                total = 0 if self._offset == 0 else self._count_all()
            self._total = total
        return self._total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("CountedRows takes slices only")
        self.count()
        start = index.start or 0
        stop = self._total if index.stop is None else index.stop
        if start == self._offset and self._rows is not None:
            return self._rows[: max(0, stop - start)]
        rows, _total = self._fetch(start, max(0, stop - start))
        return rows
