"""The ``vigie`` command: each verb is a thin layer over a library function."""
