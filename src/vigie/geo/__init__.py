"""Geocoding: place names in French or English news -> country, province, town, coordinates.

Offline, from GeoNames and UCDP GED tables bundled in ``vigie/data/geo`` plus the
hand-written ``vigie/data/fr/place_aliases.txt``.

Example:
    >>> from vigie.geo import load_gazetteer
    >>> load_gazetteer().lookup("Alep").name
    'Aleppo'
"""

from vigie.geo.gazetteer import Gazetteer, Place, load_gazetteer

__all__ = ["Gazetteer", "Place", "load_gazetteer"]
