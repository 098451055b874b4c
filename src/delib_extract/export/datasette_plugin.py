"""Datasette plugin (entry point ``delib_extract_scdl``): the SCDL views' SQL functions."""

from __future__ import annotations

from datasette import hookimpl

from .sqlfunctions import register_functions


@hookimpl
def prepare_connection(conn) -> None:
    register_functions(conn)
