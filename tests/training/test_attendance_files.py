"""Reading Zoom reports and signed sheets: reconnects summed, overlaps once, clear errors.
Property tests (hypothesis, derandomized: tests/properties.py) for the minutes and the
meeting-name cleaner."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.properties import examples

from sinergi.training.attendance_files import (
    AttendanceFileError,
    group_people,
    parse_zoom,
    union_minutes,
)
from sinergi.training.meeting_names import clean_display_name, split_original

HEAD = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
T0 = dt.datetime(2024, 3, 1, 9, 0)


def test_a_reconnecting_participant_is_one_person_with_the_minutes_summed():
    text = HEAD + (
        "Bu Siti Keripik,,03/01/2024 09:00:00 AM,03/01/2024 09:20:00 AM,20,Yes\n"
        "Budi,budi@mail.example,03/01/2024 09:01:00 AM,03/01/2024 10:00:00 AM,59,No\n"
        "Bu Siti Keripik,,03/01/2024 09:25:00 AM,03/01/2024 09:55:00 AM,30,Yes\n"
    )
    people = group_people(parse_zoom(text, "p.csv"))
    assert [(p.name, p.minutes, [x.number for x in p.lines]) for p in people] == [
        ("Bu Siti Keripik", 50, [2, 4]),
        ("Budi", 59, [3]),
    ]


def test_a_second_device_at_the_same_time_counts_once_and_flags_the_name():
    text = HEAD + (
        "Siti,,03/01/2024 09:00:00 AM,03/01/2024 10:00:00 AM,60,Yes\n"
        "Siti,,03/01/2024 09:30:00 AM,03/01/2024 10:10:00 AM,40,Yes\n"
    )
    (person,) = group_people(parse_zoom(text, "p.csv"))
    assert person.minutes == 70 and person.several_at_once


def test_the_meeting_block_zoom_puts_first_is_skipped():
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "812 3456 7890,Webinar,03/01/2024 09:00:00 AM,03/01/2024 11:00:00 AM,h@x.id,120,1\n"
        "\n" + HEAD + "Siti,,03/01/2024 09:00:00 AM,03/01/2024 09:10:00 AM,10,Yes\n"
    )
    (line,) = parse_zoom(text, "p.csv")
    assert (line.number, line.name, line.duration) == (5, "Siti", 10)


def test_a_renamed_participant_keeps_both_names():
    assert split_original("Siti Keripik (Samsung A12)") == ("Siti Keripik", "Samsung A12")
    assert split_original("(Siti)") == ("(Siti)", "")


@pytest.mark.parametrize(
    ("cell", "column"),
    [("kemarin", "Join Time"), ("sejam", "Duration (Minutes)")],
)
def test_a_bad_cell_is_named_by_file_line_and_column(cell, column):
    row = {"Join Time": "03/01/2024 09:00:00 AM", "Duration (Minutes)": "10"}
    row[column] = cell
    text = (
        HEAD + f"Siti,,{row['Join Time']},03/01/2024 09:10:00 AM,{row['Duration (Minutes)']},Yes\n"
    )
    with pytest.raises(AttendanceFileError, match=re.escape(f"p.csv: baris 2, kolom '{column}'")):
        parse_zoom(text, "p.csv")


def test_a_file_without_a_participant_table_is_refused_with_its_name():
    with pytest.raises(AttendanceFileError, match="daftar.csv: baris 1"):
        parse_zoom("Nama;Alamat\nSiti;Jl. Merdeka\n", "daftar.csv")


@pytest.mark.parametrize(
    ("shown", "clean"),
    [
        ("Samsung A12", ""),
        ("iPhone dari Budi", "budi"),
        ("Budi's iPhone", "budi"),
        ("Siti 081234567890", "siti"),
        ("Bu Siti Keripik", "bu siti keripik"),
        ("Zoom user", ""),
        ("SITI AMINAH", "siti aminah"),
    ],
)
def test_meeting_names_lose_device_words_and_numbers(shown, clean):
    assert clean_display_name(shown) == clean


# ------------------------------------------------------------------------------ properties

intervals = st.lists(
    st.tuples(st.integers(0, 600), st.integers(1, 120)), min_size=0, max_size=8
).map(lambda xs: [(T0 + dt.timedelta(minutes=a), T0 + dt.timedelta(minutes=a + n)) for a, n in xs])


@examples(200)
@given(intervals)
def test_union_minutes_is_order_free_and_never_more_than_the_sum(xs):
    total = sum(int((b - a).total_seconds() // 60) for a, b in xs)
    assert union_minutes(xs) == union_minutes(list(reversed(xs))) <= total
    assert union_minutes(xs + xs) == union_minutes(xs)  # a duplicated line counts once


@examples(200)
@given(st.lists(st.integers(1, 90), min_size=1, max_size=6), st.integers(1, 10))
def test_separate_reconnects_add_up_exactly(lengths, gap):
    xs, at = [], T0
    for n in lengths:
        xs.append((at, at + dt.timedelta(minutes=n)))
        at += dt.timedelta(minutes=n + gap)
    assert union_minutes(xs) == sum(lengths)


@examples(300)
@given(st.text(max_size=60))
def test_cleaning_a_meeting_name_is_idempotent_lowercase_and_digit_free(text):
    clean = clean_display_name(text)
    assert clean_display_name(clean) == clean
    assert clean == clean.lower() and not any(c.isdigit() for c in clean)
    assert "  " not in clean and clean == clean.strip()
