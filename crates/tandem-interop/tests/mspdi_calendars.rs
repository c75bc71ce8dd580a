//! Recurring calendar exceptions and alternate work weeks, read from small hand-written
//! MSPDI calendars: each must become exactly the dated exceptions MS Project means.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday, date};
use tandem_interop::mspdi::{self, CalendarException, ExpansionProblem, Project, ReadError};

/// A project whose calendar 1 "Standard" works Monday to Friday (default hours), with
/// `extra` appended inside the calendar (its `<Exceptions>` or `<WorkWeeks>`).
fn project_with(extra: &str, tasks: &str) -> String {
    let week_days: String = (1..=7)
        .map(|day| {
            let working = u8::from((2..=6).contains(&day));
            format!("<WeekDay><DayType>{day}</DayType><DayWorking>{working}</DayWorking></WeekDay>")
        })
        .collect();
    format!(
        r#"<Project xmlns="http://schemas.microsoft.com/project">
  <StartDate>2024-02-05T07:00:00</StartDate>
  <CalendarUID>1</CalendarUID>
  <Calendars><Calendar>
    <UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
    <WeekDays>{week_days}</WeekDays>
    {extra}
  </Calendar></Calendars>
  <Tasks>{tasks}</Tasks>
</Project>"#
    )
}

/// One `<Exception>` over `from`..`to` (whole days) with the given recurrence elements.
fn exception(name: &str, from: &str, to: &str, recurrence: &str) -> String {
    format!(
        "<Exception><TimePeriod><FromDate>{from}T00:00:00</FromDate>\
         <ToDate>{to}T23:59:00</ToDate></TimePeriod><Name>{name}</Name>{recurrence}\
         <DayWorking>0</DayWorking></Exception>"
    )
}

fn read_exceptions(exceptions: &str) -> Result<Vec<CalendarException>, ReadError> {
    let xml = project_with(&format!("<Exceptions>{exceptions}</Exceptions>"), "");
    Ok(mspdi::read(&xml)?.calendars.remove(0).exceptions)
}

/// Every day the exceptions cover, in order.
fn days(exceptions: &[CalendarException]) -> Vec<Date> {
    exceptions
        .iter()
        .flat_map(|exception| {
            let last = exception.to.date();
            exception
                .from
                .date()
                .series(jiff::Span::new().days(1))
                .take_while(move |day| *day <= last)
        })
        .collect()
}

#[test]
fn every_other_wednesday_of_a_year_is_26_single_days() {
    let read = read_exceptions(&exception(
        "Team day",
        "2007-01-01",
        "2007-12-31",
        "<Type>6</Type><Period>2</Period><DaysOfWeek>8</DaysOfWeek>",
    ))
    .expect("a weekly exception");
    let days = days(&read);
    assert_eq!(days.len(), 26);
    assert_eq!(
        days[..3],
        [date(2007, 1, 3), date(2007, 1, 17), date(2007, 1, 31)]
    );
    assert_eq!(days.last(), Some(&date(2007, 12, 19)));
    assert!(days.iter().all(|day| day.weekday() == Weekday::Wednesday));
    assert!(
        read.iter()
            .all(|day| day.name.as_deref() == Some("Team day") && !day.working)
    );
}

#[test]
fn monthly_by_day_keeps_the_working_time_of_each_occurrence() {
    let xml = "<Exception><TimePeriod><FromDate>2024-01-01T00:00:00</FromDate>\
        <ToDate>2024-06-30T23:59:00</ToDate></TimePeriod><Name>Pay day</Name>\
        <Type>4</Type><Period>1</Period><MonthDay>15</MonthDay><DayWorking>1</DayWorking>\
        <WorkingTimes><WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime>\
        </WorkingTime></WorkingTimes></Exception>";
    let read = read_exceptions(xml).expect("a monthly exception");
    assert_eq!(
        days(&read),
        (1..=6)
            .map(|month| date(2024, month, 15))
            .collect::<Vec<_>>()
    );
    for day in &read {
        assert!(day.working);
        assert_eq!(day.times.len(), 1);
        assert_eq!(day.times[0].from, jiff::civil::time(9, 0, 0, 0));
    }
}

#[test]
fn yearly_by_position_finds_the_last_friday_of_november() {
    let read = read_exceptions(&exception(
        "Thanksgiving Friday",
        "2024-01-01",
        "2027-12-31",
        "<Type>3</Type><MonthItem>8</MonthItem><MonthPosition>4</MonthPosition><Month>10</Month>",
    ))
    .expect("a yearly exception");
    assert_eq!(
        days(&read),
        [
            date(2024, 11, 29),
            date(2025, 11, 28),
            date(2026, 11, 27),
            date(2027, 11, 26)
        ]
    );
}

#[test]
fn daily_every_third_day_skips_the_days_between() {
    let read = read_exceptions(&exception(
        "Maintenance",
        "2024-03-01",
        "2024-03-10",
        "<Type>1</Type><Period>3</Period>",
    ))
    .expect("a daily exception");
    assert_eq!(
        days(&read),
        [
            date(2024, 3, 1),
            date(2024, 3, 4),
            date(2024, 3, 7),
            date(2024, 3, 10)
        ]
    );
}

#[test]
fn occurrences_end_a_recurrence_entered_by_occurrences() {
    // Mondays and Thursdays from a Wednesday, five times; the far ToDate does not count.
    let weekly = exception(
        "Clinic",
        "2024-01-03",
        "2030-12-31",
        "<EnteredByOccurrences>1</EnteredByOccurrences><Occurrences>5</Occurrences>\
         <Type>6</Type><Period>1</Period><DaysOfWeek>18</DaysOfWeek>",
    );
    // Three days in a row, by day count: one range.
    let daily = exception(
        "Move",
        "2024-05-06",
        "2024-05-06",
        "<EnteredByOccurrences>1</EnteredByOccurrences><Occurrences>3</Occurrences>\
         <Type>7</Type>",
    );
    let read = read_exceptions(&(weekly + &daily)).expect("exceptions by occurrences");
    assert_eq!(
        days(&read[..5]),
        [
            date(2024, 1, 4),
            date(2024, 1, 8),
            date(2024, 1, 11),
            date(2024, 1, 15),
            date(2024, 1, 18)
        ]
    );
    assert_eq!(read.len(), 6);
    assert_eq!(read[5].from, date(2024, 5, 6).at(0, 0, 0, 0));
    assert_eq!(read[5].to.date(), date(2024, 5, 8));
}

/// February 2024 as a four-day week: Monday to Thursday 07:00–12:00 and 13:00–18:00,
/// Friday off; the weekend is not listed, so it is not worked either.
const FOUR_DAY_FEBRUARY: &str = "<WorkWeeks><WorkWeek>\
    <TimePeriod><FromDate>2024-02-01T00:00:00</FromDate><ToDate>2024-02-29T23:59:00</ToDate>\
    </TimePeriod><Name>Four days</Name><WeekDays>\
    <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>\
    <WorkingTime><FromTime>07:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
    <WorkingTime><FromTime>13:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>\
    </WorkingTimes></WeekDay>\
    <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking><WorkingTimes>\
    <WorkingTime><FromTime>07:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
    <WorkingTime><FromTime>13:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>\
    </WorkingTimes></WeekDay>\
    <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking><WorkingTimes>\
    <WorkingTime><FromTime>07:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
    <WorkingTime><FromTime>13:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>\
    </WorkingTimes></WeekDay>\
    <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking><WorkingTimes>\
    <WorkingTime><FromTime>07:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
    <WorkingTime><FromTime>13:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>\
    </WorkingTimes></WeekDay>\
    <WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>\
    </WeekDays></WorkWeek></WorkWeeks>";

/// A 40-hour task from Monday 5 February 2024.
const FORTY_HOURS: &str = "<Task><UID>1</UID><Name>Pour</Name><OutlineLevel>1</OutlineLevel>\
    <Duration>PT40H0M0S</Duration><DurationFormat>5</DurationFormat></Task>";

fn scheduled_finish(xml: &str) -> jiff::civil::DateTime {
    let mut project: Project = mspdi::read(xml).expect("a valid project");
    mspdi::schedule(&mut project).expect("schedulable");
    project.tasks[0].finish.expect("scheduled")
}

#[test]
fn a_four_day_work_week_becomes_runs_of_days_with_its_hours() {
    let project = mspdi::read(&project_with(FOUR_DAY_FEBRUARY, "")).expect("a work week");
    let calendar = &project.calendars[0];
    assert!(
        calendar.exceptions.is_empty(),
        "a work week is no exception"
    );
    let exceptions = &calendar.work_weeks;
    assert_eq!(days(exceptions).len(), 29, "every day of February, once");
    let runs: Vec<(Date, Date, bool)> = exceptions
        .iter()
        .map(|run| (run.from.date(), run.to.date(), run.working))
        .collect();
    assert_eq!(
        runs[..3],
        [
            (date(2024, 2, 1), date(2024, 2, 1), true),
            (date(2024, 2, 2), date(2024, 2, 4), false),
            (date(2024, 2, 5), date(2024, 2, 8), true),
        ]
    );
    assert!(
        exceptions
            .iter()
            .all(|run| run.name.as_deref() == Some("Four days"))
    );
    assert!(
        exceptions
            .iter()
            .all(|run| run.times.len() == usize::from(run.working) * 2)
    );

    assert_eq!(
        scheduled_finish(&project_with(FOUR_DAY_FEBRUARY, FORTY_HOURS)),
        date(2024, 2, 8).at(18, 0, 0, 0),
        "four ten-hour days"
    );
    assert_eq!(
        scheduled_finish(&project_with("", FORTY_HOURS)),
        date(2024, 2, 9).at(17, 0, 0, 0),
        "five eight-hour days without the work week"
    );
}

#[test]
fn an_exception_inside_a_work_week_wins_over_it() {
    let holiday = exception("Holiday", "2024-02-05", "2024-02-05", "<Type>1</Type>");
    let xml = project_with(
        &format!("<Exceptions>{holiday}</Exceptions>{FOUR_DAY_FEBRUARY}"),
        FORTY_HOURS,
    );
    // Tuesday to Thursday, then the next Monday.
    assert_eq!(scheduled_finish(&xml), date(2024, 2, 12).at(18, 0, 0, 0));
}

#[test]
fn expanded_calendars_are_written_as_dated_exceptions_and_work_weeks_and_read_back_unchanged() {
    let weekly = exception(
        "Team day",
        "2007-01-01",
        "2007-12-31",
        "<Type>6</Type><Period>2</Period><DaysOfWeek>8</DaysOfWeek>",
    );
    let xml = project_with(
        &format!("<Exceptions>{weekly}</Exceptions>{FOUR_DAY_FEBRUARY}"),
        "",
    );
    let read = mspdi::read(&xml).expect("valid");
    let mut written = Vec::new();
    mspdi::write(&read, &mut written).expect("writing to memory");
    let written = String::from_utf8(written).expect("UTF-8");
    assert!(
        !written.contains("<Type>6</Type>"),
        "recurrences written as dates"
    );
    assert!(
        written.contains("<WorkWeeks>"),
        "work weeks stay work weeks"
    );
    assert_eq!(mspdi::read(&written).expect("reads back"), read);
}

const DERIVED_SAMPLE: &str = include_str!("mspdi_samples/derived_work_weeks.xml");
/// MPXJ's working minutes per calendar and day for the derived sample.
const DERIVED_MPXJ_MINUTES: &str = include_str!("mspdi_samples/derived_work_weeks.mpxj.txt");

/// Every exception of a calendar and of its bases wins over any work week, and work weeks
/// (the calendar's own, then its base's) win over week days: the base's holiday beats a
/// derived calendar's own work week, the base's four-day week beats its own Friday.
#[test]
fn derived_calendars_rank_work_weeks_below_every_exception_as_mpxj_does() {
    let project = mspdi::read(DERIVED_SAMPLE).expect("a valid sample");
    let calendars = mspdi::to_engine(&project).expect("convertible").calendars;
    let mut differences = Vec::new();
    for line in DERIVED_MPXJ_MINUTES.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let [uid, day, mpxj] = fields[..] else {
            panic!("`UID DATE MINUTES`, got {line:?}");
        };
        let uid = tandem_engine::calendar::CalendarUid(uid.parse().expect("a uid"));
        let day: Date = day.parse().expect("a date");
        let calendar = tandem_engine::calendar::WorkCalendar::compile(&calendars, uid, day)
            .expect("a calendar");
        let ours = calendar.work_on(day);
        if ours.to_string() != mpxj {
            differences.push(format!(
                "calendar {} on {day}: {ours} vs MPXJ {mpxj}",
                uid.0
            ));
        }
    }
    assert!(differences.is_empty(), "{differences:#?}");
}

fn expansion_problem(error: ReadError) -> (String, ExpansionProblem) {
    let message = error.to_string();
    match error {
        ReadError::CalendarExpansion {
            uid: 1,
            calendar,
            problem,
            ..
        } if calendar == "Standard" => (message, problem),
        other => panic!("expected an expansion error on calendar 1, got {other}"),
    }
}

#[test]
fn an_unknown_recurrence_type_is_refused_naming_calendar_and_exception() {
    let error = read_exceptions(&exception(
        "Odd days",
        "2024-01-01",
        "2024-12-31",
        "<Type>8</Type>",
    ))
    .expect_err("type 8 has no defined meaning here");
    let (message, problem) = expansion_problem(error);
    assert_eq!(problem, ExpansionProblem::UnknownType(8));
    assert!(
        message.starts_with(r#"calendar 1 "Standard": exception "Odd days": <Type> 8"#),
        "{message}"
    );
}

#[test]
fn a_recurrence_missing_its_fields_is_refused() {
    let error = read_exceptions(&exception(
        "Pay day",
        "2024-01-01",
        "2024-12-31",
        "<Type>4</Type><Period>1</Period>",
    ))
    .expect_err("no MonthDay");
    assert_eq!(
        expansion_problem(error).1,
        ExpansionProblem::MissingField("MonthDay")
    );
    let error = read_exceptions(&exception(
        "Never",
        "2024-01-01",
        "2024-12-31",
        "<Type>6</Type><DaysOfWeek>0</DaysOfWeek>",
    ))
    .expect_err("no day of the week");
    assert_eq!(
        expansion_problem(error).1,
        ExpansionProblem::FieldOutOfRange {
            element: "DaysOfWeek",
            value: 0
        }
    );
}

#[test]
fn a_calendar_expanding_to_too_many_days_is_refused() {
    let endless = FOUR_DAY_FEBRUARY
        .replace("2024-02-01T", "1500-01-01T")
        .replace("2024-02-29T", "2100-12-31T");
    let error = mspdi::read(&project_with(&endless, "")).expect_err("six centuries of days");
    let (message, problem) = expansion_problem(error);
    assert!(matches!(problem, ExpansionProblem::TooManyDays { .. }));
    assert!(message.contains(r#"work week "Four days""#), "{message}");
}

/// One exception of each recurrence type, and a work week.
const SAMPLE: &str = include_str!("mspdi_samples/recurring_exceptions.xml");
/// The days MPXJ expands the sample's exceptions to.
const MPXJ_DAYS: &str = include_str!("mspdi_samples/recurring_exceptions.mpxj.txt");

#[test]
fn every_recurrence_type_expands_to_the_days_mpxj_lists() {
    let project = mspdi::read(SAMPLE).expect("a valid sample");
    let mut ours: BTreeMap<String, Vec<Date>> = BTreeMap::new();
    for exception in &project.calendars[0].exceptions {
        let name = exception.name.clone().unwrap_or_default();
        ours.entry(name)
            .or_default()
            .extend(days(std::slice::from_ref(exception)));
    }
    let mpxj: BTreeMap<String, Vec<Date>> = MPXJ_DAYS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let (name, days) = line.split_once(": ").expect("name: days");
            let days = days.split(' ').map(|day| day.parse().expect("a date"));
            (name.to_owned(), days.collect())
        })
        .collect();
    assert_eq!(ours, mpxj);
}
