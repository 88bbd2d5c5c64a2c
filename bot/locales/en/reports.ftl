# Reports and summaries for the coordinating department (English).

## Task status and the Government Office's four-way split
reports-status-not-started = Not started
reports-status-in-progress = In progress
reports-status-done = Done
reports-status-blocked = Blocked
reports-status-none = Not reported
reports-outcome-done-on-time = Done on time
reports-outcome-done-late = Done late
reports-outcome-pending-in-time = Not done, within deadline
reports-outcome-pending-overdue = Not done, overdue
reports-on-time-yes = On time
reports-on-time-late-days = { $days ->
    [one] Late by 1 day
   *[other] Late by { $days } days
}
reports-on-time-missing = Not reported
reports-merged-into = { $old } (now { $new })
reports-more = … and { $count } more
reports-deadline = due { $date }
reports-rate-line = Received { $received }/{ $expected } reports ({ $rate }); on time: { $ontime }.

## Weekly summary
reports-weekly-title = WEEKLY SUMMARY – Plan { $plan }
reports-weekly-range = Past week ({ $days } days): from { $start } to { $end }
reports-weekly-period = Reporting period: { $period } (due { $due })
reports-weekly-received = Updates received this week: { $count }
reports-weekly-nothing = No updates this week.
reports-weekly-completed = Newly completed tasks: { $count }
reports-weekly-obstacles = New difficulties and obstacles: { $count }
reports-weekly-proposals = New proposals: { $count }
reports-weekly-overdue = Overdue tasks not done: { $count }
reports-weekly-silent = Agencies that have not reported this period: { $count }

## /overdue
reports-overdue-title = OVERDUE TASKS – Plan { $plan } ({ $date })
reports-overdue-none = No task is overdue.
reports-overdue-count = { $count } tasks are overdue and not done:

## Chart
reports-chart-progress = Average progress by agency (%)
reports-chart-reports = Reports this period
reports-chart-reported = Reported
reports-chart-not-reported = Not reported
reports-chart-none = (no lead agency yet)

## Errors
reports-error-no-plan = Plan { $plan } was not found.
reports-error-unknown-plan = There is no plan numbered “{ $plan }”. Plans: { $known }.
reports-error-unknown-period = The plan has no reporting period “{ $period }”. Periods: { $known }.

## Period report: the message with the files
reports-file-prefix = report
reports-summary-title = IMPLEMENTATION REPORT – Plan { $plan }
reports-summary-all-periods = All updates up to { $date }
reports-summary-nothing = No report was received in this period.
reports-summary-outcomes = Done on time: { $doneontime }; done late: { $donelate }; not done, within deadline: { $intime }; not done, overdue: { $overdue }.
reports-summary-never = Agencies that never reported: { $count }.

## Period report: the Word document (Decree 30/2020 layout)
reports-docx-motto = SOCIALIST REPUBLIC OF VIETNAM
reports-docx-motto-line = Independence - Freedom - Happiness
reports-docx-number = No.:      /BC-……
reports-docx-place-date = { $place }, { $date }
reports-docx-title = REPORT
reports-docx-subtitle = Results of implementing Plan No. { $number }
reports-docx-subtitle-date = of { $date }
reports-docx-subtitle-issuer = issued by { $issuer }
reports-docx-period = Reporting period: { $period } ({ $start } to { $end }; due { $due })
reports-docx-period-all = All updates up to { $date }
reports-docx-part-general = I. GENERAL SITUATION AND RESULTS
reports-docx-part-results = Results by task group:
reports-docx-part-obstacles = II. SHORTCOMINGS, DIFFICULTIES AND OBSTACLES
reports-docx-part-proposals = III. PROPOSALS
reports-docx-general-tasks = The plan has { $tasks } tasks led by { $agencies } agencies; reports expected this period: { $expected }.
reports-docx-general-rate = Received { $received }/{ $expected } reports ({ $rate }), { $ontime } of them on time ({ $ontimerate }).
reports-docx-general-outcomes = Outcome: { $doneontime } tasks done on time; { $donelate } done late; { $intime } not done but within their deadline; { $overdue } not done and overdue.
reports-docx-general-never = { $count } agencies have never reported: { $names }.
reports-docx-nothing-received = No report from the lead agencies was received in this period.
reports-docx-no-section = Other tasks
reports-docx-lead-line = latest update ({ $code }, { $date }): { $status }; { $result }
reports-docx-lead-tasks = { $tasks } tasks, { $done } done
reports-docx-group-summary = { $tasks } tasks: { $doneontime } done on time, { $donelate } done late, { $intime } not done within deadline, { $overdue } not done and overdue.
reports-docx-lead-missing = no update yet.
reports-docx-no-obstacles = The agencies reported no difficulties or obstacles.
reports-docx-no-proposals = The agencies made no proposals.
reports-docx-closing = This concludes the report on the plan's implementation.
reports-docx-recipients = Recipients:
reports-docx-recipient-issuer = { $issuer } (for reporting);
reports-docx-recipient-agencies = Agencies concerned;
reports-docx-recipient-archive = Archive.
reports-docx-signer-title = DIRECTOR
reports-docx-signature-hint = (Signature and full name)
reports-docx-appendix-title = APPENDIX: PROGRESS OF THE TASKS
reports-docx-col-no = No.
reports-docx-col-task = Task
reports-docx-col-agency = Lead agency
reports-docx-col-status = Status
reports-docx-col-percent = Progress
reports-docx-col-result = Latest update
reports-docx-col-date = Updated
reports-docx-col-on-time = Reported on time

## Period report: the workbook
reports-xlsx-sheet-summary = Summary
reports-xlsx-sheet-tasks = Tasks
reports-xlsx-title = Results of implementing Plan { $number }
reports-xlsx-all-periods = All periods
reports-xlsx-period = Reporting period
reports-xlsx-as-of = Figures as of
reports-xlsx-tasks = Tasks
reports-xlsx-expected = Reports expected
reports-xlsx-received = Reports received
reports-xlsx-reporting-rate = Reporting rate
reports-xlsx-on-time = Reports on time
reports-xlsx-on-time-rate = On-time rate
reports-xlsx-never-reported = Agencies that never reported
reports-xlsx-agency-name = Lead agency
reports-xlsx-agency-expected = Expected
reports-xlsx-agency-received = Received
reports-xlsx-agency-rate = Rate
reports-xlsx-agency-on-time = On time
reports-xlsx-agency-on-time-rate = On-time rate
reports-xlsx-agency-done = Done
reports-xlsx-col-code = Code
reports-xlsx-col-section = Task group
reports-xlsx-col-task = Task
reports-xlsx-col-timeframe = Timeframe (as written)
reports-xlsx-col-deadline = Deadline
reports-xlsx-col-agency = Lead agency
reports-xlsx-col-status = Status
reports-xlsx-col-percent = Progress
reports-xlsx-col-result = Latest update
reports-xlsx-col-obstacles = Difficulties and obstacles
reports-xlsx-col-proposals = Proposals
reports-xlsx-col-date = Updated
reports-xlsx-col-on-time = Reported on time
reports-xlsx-col-outcome = Outcome

## Command line: dondoc report
reports-cli-wrote = Wrote { $path }
reports-cli-weekly-queued = Queued { $count } weekly summaries for sending.

## Reports part (issue 10): late reports, overdue periods, explanations, the day figures are judged on
reports-as-of = Figures as of { $date }
reports-late-line = { $count ->
    [one] Of these, 1 report came in late: it counts in the reporting rate, not as on time.
   *[other] Of these, { $count } reports came in late: they count in the reporting rate, not as on time.
}
reports-weekly-owed = Overdue periods with reports still missing: { $count }
reports-weekly-owed-period = { $period } (due { $due }, { $days ->
    [one] 1 day
   *[other] { $days } days
} overdue): { $missing }/{ $expected } reports still missing
reports-weekly-explanations = Explanation requests: { $count }
reports-weekly-explanation-answered = { $agency } ({ $period }): explained on { $answered }: “{ $reason }”; expected completion: { $expected }
reports-weekly-explanation-pending = { $agency } ({ $period }): not yet explained (asked on { $requested }, answer due { $due })
reports-weekly-explanation-late = { $agency } ({ $period }): not explained, answer was due { $due } (asked on { $requested })
reports-docx-general-late = { $count ->
    [one] 1 report came in after the deadline (late): it counts in the reporting rate, not in the on-time rate.
   *[other] { $count } reports came in after the deadline (late): they count in the reporting rate, not in the on-time rate.
}
reports-docx-explanations-title = APPENDIX: EXPLANATION REQUESTS
reports-docx-explanations-none = No explanation was requested for this period.
reports-docx-col-explaining-agency = Agency
reports-docx-col-period = Period
reports-docx-col-requested = Requested on
reports-docx-col-answered = Explained on
reports-docx-col-reason = Reason
reports-docx-col-expected = Expected completion
reports-explanation-pending = Not yet explained
reports-xlsx-sheet-explanations = Explanations
reports-xlsx-late = Late reports
reports-xlsx-agency-late = Late
reports-xlsx-col-days-late = Days late
reports-xlsx-col-answer-due = Answer due
reports-cli-as-of-invalid = The cut-off date “{ $value }” is not valid: write it as day/month/year, for example 18/01/2027.
reports-error-as-of-future = The cut-off date { $date } is still ahead (today is { $today }): choose a day that has passed.
reports-selection-range = Reports sent from { $start } to { $end }
reports-selection-agency = Agency: { $agency }
reports-error-range-future = The date range starts on { $date }, still ahead (today is { $today }).
reports-error-which-plan = Name the plan with --plan. Plans: { $known }.
reports-cli-to-without-from = --to needs --from (the first day, day/month/year).

## /overdue: past-due periods still missing reports
reports-missing-title = REPORTS MISSING AFTER THE DEADLINE – Plan { $plan } ({ $date })
reports-missing-period = { $period } (due { $due }{ $days ->
        [0] {""}
       *[other] , { $days } days overdue
    }): { $missing } of { $expected } agencies are missing reports
reports-missing-enrolled = { $count } focal points
reports-missing-nobody = nobody enrolled
reports-missing-reminded = last reminded { $date }
reports-missing-not-reminded = not reminded yet
reports-missing-explained = Explained ({ $date }): { $reason }; expected { $expected }
reports-missing-explanation-asked = Explanation asked on { $date }, answer due { $due }: no answer yet
reports-chart-caption = One report per task and lead agency is due each period (generic groups such as "related departments" are not counted). "Not reported": reports due but not received by { $date }. Average progress: the mean % done in the latest report on each task, counting tasks not reported as 0%.
