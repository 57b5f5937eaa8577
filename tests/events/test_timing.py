"""Event dates from clause words and the publication date."""

from __future__ import annotations

import datetime as dt

from vigie.events.timing import event_date, resolve_weekday

WED = dt.date(2014, 11, 26)  # a Wednesday


def test_weekday_resolution_for_news():
    assert resolve_weekday(WED, 1) == dt.date(2014, 11, 25)  # mardi: the day before
    assert resolve_weekday(WED, 2) == WED  # mercredi: the same day, not a week back
    assert resolve_weekday(WED, 3) == dt.date(2014, 11, 20)  # jeudi: last week's


def test_weekday_in_the_clause_is_a_strong_date():
    d = event_date("Au moins 95 personnes ont péri dans les frappes menées mardi à Raqqa", WED, None)
    assert (d.start, d.precision, d.strong) == (dt.date(2014, 11, 25), "day", True)


def test_weekday_of_a_statement_or_a_meeting_is_not_the_event_date():
    d = event_date("des frappes intenses, a indiqué mercredi l'OSDH", WED, None)
    assert d.strong is False and d.start == WED
    d = event_date("avant une rencontre cruciale mercredi en Russie", dt.date(2014, 11, 27), None)
    assert d.strong is False and d.start == dt.date(2014, 11, 27)


def test_depuis_weekday_is_a_range_to_publication():
    d = event_date("a annoncé avoir effectué depuis mardi plus de 50 raids", dt.date(2016, 7, 14), None)
    assert (d.start, d.end, d.precision, d.campaign) == (dt.date(2016, 7, 12), dt.date(2016, 7, 14), "range", False)


def test_long_range_is_a_campaign():
    d = event_date("visées par l'aviation russe depuis le 30 septembre", dt.date(2015, 10, 7), None)
    assert d.campaign is True


def test_night_range_and_night_between_two_days():
    d = event_date("Les frappes ont eu lieu dans la nuit", dt.date(2015, 10, 7), None)
    assert (d.start, d.end) == (dt.date(2015, 10, 6), dt.date(2015, 10, 7))
    d = event_date("dans la nuit de samedi à dimanche", dt.date(2016, 3, 7), None)
    assert (d.start, d.end) == (dt.date(2016, 3, 5), dt.date(2016, 3, 6))


def test_la_veille_follows_the_previous_event_and_explicit_dates_take_the_year():
    assert event_date("La veille, l'aviation avait frappé", WED, dt.date(2014, 11, 21)).start == dt.date(2014, 11, 20)
    assert event_date("La veille, l'aviation avait frappé", WED, None).start is None
    assert event_date("les raids du 6 septembre", dt.date(2016, 9, 10), None).start == dt.date(2016, 9, 6)
    assert event_date("les raids du 28 décembre", dt.date(2016, 1, 3), None).start == dt.date(2015, 12, 28)


def test_no_publication_date_means_no_date():
    d = event_date("Elle a réalisé vendredi 25 frappes aériennes", None, None)
    assert d.start is None and d.precision == "unknown"
    assert event_date("le 14 juillet 2016 à Alep", None, None).start == dt.date(2016, 7, 14)


def test_a_weekday_and_day_fix_the_year_of_an_undated_article():
    import datetime as dt

    from vigie.events.timing import event_date

    span = (dt.date(2018, 1, 1), dt.date(2018, 4, 30))  # e.g. a 'date 2018-04' header as upper bound
    got = event_date("L'aviation a poursuivi, dimanche 8 avril, ses frappes sur Douma", None, None, "fr", span)
    assert got.start == dt.date(2018, 4, 8) and got.strong
    # Without any year to start from, the day stays unknown: never a guess.
    assert event_date("dimanche 8 avril, des frappes sur Douma", None, None, "fr").start is None
    # Two years of the span put 8 April on a Sunday: still unknown.
    assert event_date("dimanche 8 avril", None, None, "fr", (dt.date(2007, 1, 1), dt.date(2018, 12, 31))).start is None
