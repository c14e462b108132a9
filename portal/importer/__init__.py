"""The import tool: a file's bytes become a plan of changes that staff see before it is applied.

May import ``portal.core``, ``portal.domain``, ``portal.geo``, ``portal.models``,
``portal.indexing`` and ``portal.subsidies.links`` (linking new facilities at apply time); no
feature's pages.

The steps, in the order ``pipeline.plan_import`` and ``pipeline.apply_import`` run them:

1. **Read** — ``limits`` (size and suffix before reading; rows, columns, cells, unpacked xlsx
   size while reading), ``encoding`` (UTF-8, UTF-16 with BOM, GBK/GB18030 or Big5 text),
   ``plan_text`` with ``table_layouts``, ``table_cells`` (layout only), ``table_headers`` and
   ``table_rows`` for the plans' text tables; ``tabular`` for CSV/XLSX lists;
   ``documents`` and ``indicators`` for what a document is and its target table.
2. **Normalise** — ``build`` turns each row into a ``records.ProjectRecord`` using
   ``normalise_text`` (the one ``clean_cell``), ``money``, ``periods``, ``capacity``,
   ``classify`` and ``portal.geo.placement`` (places).
3. **Validate** — ``validate`` (errors reject a row, warnings flag it), ``problems`` for the
   findings' shape.
4. **Plan** — ``plan`` compares the records with the database (new / changed / unchanged /
   withdrawn); ``report`` shows the plan as text, JSON and the staff page.
5. **Apply** — ``write`` applies the plan inside one transaction (refused if its
   ``ImportPlan.fingerprint`` is not the one previewed); ``pipeline`` then updates the search
   index and empties SQLite's write-ahead log.
"""
