# Chat core: enrolment, commands and the status-update form (English).

## Strangers and enrolment
stranger = Hello! This bot is for invited focal points. Please ask your administrator (the department following up the plan) for an invite code, then send: /start <code>.
start-again = Hello { $name }! Type /help to see what you can do.
start-in-private = Please send your invite code in a private chat with the bot, not in a group.
start-code-unknown = That invite code is not right. Please check it or ask your administrator for a new one.
start-code-used = That invite code has already been used. Each code works once: please ask your administrator for a new one.
start-code-expired = That invite code has expired. Please ask your administrator for a new one.
start-welcome = Welcome! You are enrolled as { $role } of { $agency }. Type /tasks to see your tasks, /update to report progress, /help for help.

## Roles and languages
role-admin = administrator
role-coordinator = coordinator
role-focal = focal point
language-vi = Vietnamese
language-en = English

## Account
whoami = Name: { $name }
    Role: { $role }
    Agency: { $agency }
    Language: { $language }
lang-usage = Current language: { $current }. Change it with: /lang vi or /lang en
lang-set = Language changed to { $language }.
leave-not-enrolled = You are not enrolled.
leave-done = You have left the focal points and will get no more reminders. Thank you!
cancel-nothing = No form is open.
snoozed = Reminders paused until { $until }.
muted-early = Early reminders are off; you still get reminders on the due date and when overdue.
not-understood = I did not understand. Type /help to see the commands.
unknown-command = There is no /{ $command } command. Type /help to see the commands.
not-allowed-command = You are not allowed to use /{ $command }.
not-allowed = You are not allowed to do this.
error-retry = Something went wrong. Please try again.

## Help and the command menu
help-title = You are { $role }. Commands you can use:
cmd-start = Start, enter an invite code
cmd-help = How to use the bot
cmd-tasks = My agency's tasks
cmd-update = Report progress on a task
cmd-cancel = Cancel the open form
cmd-deadlines = Coming reporting deadlines
cmd-lang = Change language (vi, en)
cmd-whoami = About me
cmd-leave = Leave the focal points
cmd-overdue = Agencies late or not reported
cmd-weekly = Weekly summary
cmd-report = Period report (DOCX, XLSX, chart), by date range or agency too
cmd-nudge = Remind agencies that have not reported now
cmd-import = Import a plan from a file
cmd-invite = Make an invite code
cmd-people = List people, revoke

## Forms in general
form-skip = Skip
form-back = Back
form-cancel = Cancel
form-cancelled = Cancelled. Nothing was saved.
form-pick-one = Please pick one of the options below.
form-need-text = Please answer with a text message.
form-typed-choices = Or type one of: { $words }
form-number-not-offered = There is no choice { $number }. Please pick a number from 1 to { $count }, or answer in words.
form-number-as-text = (To answer with just a number that is also a line's number below, type it in quotes, e.g. "2".)
form-cannot-skip = This question cannot be skipped. Please answer it, or type /cancel to drop the form.
form-skip-nothing = There is no question to skip.
form-page-previous = « Previous page
form-page-next = Next page »
form-idle-nudge = You have a form half filled in. Answer the last question to continue, or type /cancel to drop it. Your draft is kept.

## The status-update form
update-ask-assignment = Which task do you report on? ({ $count } tasks, page { $page }/{ $pages })
update-not-yours = This task is not your agency's.
update-ask-status = Task { $code }: { $content }
    What is its status?
status-not-started = Not started
status-in-progress = In progress
status-done = Done
status-blocked = Facing difficulties
update-ask-percent = How much is done, in percent? (for example 70 or 70%)
update-percent-invalid = "{ $given }" is not a valid percentage: type a whole number from 0 to 100, such as 70 or 70%.
update-too-long = That is too long ({ $length } characters); at most { $limit }. Please shorten it.
update-ask-result = What was done? (required, at most { $limit } characters)
update-ask-obstacles = Difficulties or obstacles? (type "skip" if none)
update-ask-proposals = Proposals? (type "skip" if none)
update-ask-attachment = Attach a file or photo as evidence? (type "skip" if none)
update-attachment-needed = Please send a file or a photo, or choose Skip.
update-summary-title = Report on task { $code }: { $content }
update-summary-period = Period: { $period }
update-summary-status = Status: { $status }
update-summary-percent = Progress: { $percent }%
update-summary-result = Done: { $text }
update-summary-none = (none)
update-summary-obstacles = Difficulties: { $text }
update-summary-proposals = Proposals: { $text }
update-summary-attachment = Attachment: { $name }
update-file-document = file
update-file-photo = photo
update-already-reported = Your agency reported on this task on { $date }. You can edit and submit again: the new report is a new version, the old one is kept.
update-ask-confirm = Submit this report?
update-submit = Submit
update-edit = Edit a field
update-ask-edit = Which field do you want to edit?
update-field-status = Status
update-field-percent = Progress (%)
update-field-result = What was done
update-field-obstacles = Difficulties
update-field-proposals = Proposals
update-field-attachment = Attachment
update-no-agency = You are not bound to an agency, so there is no task to report on.
update-no-tasks = Your agency leads no task to report on.
update-saved = Report on task { $code } saved (version { $version }). Thank you!
update-saved-late = Report on task { $code } saved (version { $version }), marked late because the deadline has passed. Thank you!
update-draft-resumed = Continuing the draft you left unfinished.
update-switch-ask = You have an unfinished report for task { $code }: continue it, or start the one for task { $other }?
update-switch-keep = Continue the report for { $code }
update-switch-new = Start the report for { $code }
update-unknown-code = Your agency leads no task numbered "{ $code }". Type /tasks to see the task numbers.
update-one-line-usage = Quick report: /update <task number> <percent>% <what was done>, for example: /update 1.2 70% Held 2 workshops

## /tasks
tasks-title = Your agency's tasks:
tasks-none = Your agency has no task in the plans being followed up.
tasks-plan = Plan { $plan }
tasks-plan-period = Plan { $plan } · { $period } (report due { $due })
tasks-coordinating = Tasks you coordinate (read-only):
tasks-last-status = { $status }, { $percent }% ({ $date })
tasks-not-reported = not reported
tasks-update-button = Report { $code }

## Coordinators
plans-none = You follow no plan yet.
plans-pick = Which plan?
weekly-full-text = The summary above is shortened; the full text is in this file.
nudge-queued = Reminded { $agencies } agencies ({ $people } people) that have not reported on plan { $plan }.
nudge-nothing-missing = No agency is missing a report on plan { $plan }.
nudge-unreached = Could not remind { $count } agencies, as nobody is enrolled for them (or reachable): { $names }. An admin creates an invite:
nudge-away = Did not remind { $agency }: its focal point { $person } is on leave, back on { $back }.
nudge-invite = dondoc invite --agency "{ $agency }" --role focal
report-range-invalid = The date range “{ $range }” is not valid: it should read day/month/year-day/month/year, the first day before the last, such as 01/01/2026-30/06/2026.
report-agency-unknown = No agency “{ $name }” leads a task of plan { $plan }. Agencies: { $agencies }.
report-unknown = Plan { $plan } has no reporting period nor lead agency “{ $name }”. Periods: { $periods }. Lead agencies: { $agencies }.
report-pick-typed = Pick a plan for its whole report, or type the command again with the plan number, such as: { $example }
deadlines-none = No reporting deadline is coming.
deadlines-title = Coming reporting deadlines:
deadlines-line = • { $date }: { $plan } · { $what }

## Admins
invite-usage = Usage: /invite focal <agency name> or /invite coordinator <agency name>
invite-unknown-agency = No agency "{ $name }" was found. Please check the name.
invite-created = Invite code for a { $role } of { $agency }: { $code }
    Works once, expires on { $expires }. The person sends the bot: /start { $code }
invite-link = Or open the link: { $link }
people-title = Active people ({ $count }):
people-line = #{ $id } { $name } · { $role } · { $agency } · { $channel }
people-none = Nobody is enrolled yet.
people-revoke-usage = To revoke: /people revoke <number>
people-unknown = There is no active person number { $id }.
people-revoked = { $name } has been revoked.

## /import
chat-import-ask-file = Send the plan file (DOCX, XLSX or CSV) to see a preview.
chat-import-need-file = Please send the plan file (DOCX, XLSX or CSV).
chat-import-no-download = This channel cannot receive files. Use the command: dondoc import <file>
chat-import-too-big = The file is too big: at most { $limit } bytes.
chat-import-ask-number = The file does not give the plan's number. Please send it, for example: 457/KH-UBND
chat-import-ask-confirm = Apply this plan?
chat-import-confirm = Confirm
chat-import-not-applied = The plan was not applied: some agency names are still unknown.
chat-import-applied = The plan has been imported.
chat-import-full-preview = The full preview (every task, agency and note).
chat-import-decide = An agency name not in the registry ({ $index }/{ $count }): "{ $name }" ({ $places }).
    What is this name?
chat-import-decide-near = It is { $agency }
chat-import-decide-new = A new agency
chat-import-decide-group = A group of bodies, not one agency
chat-import-decide-skip = Skip this name
chat-import-decisions = Your decisions:
chat-import-decided-near = "{ $name }" is { $agency }
chat-import-decided-new = "{ $name }": a new agency (unverified)
chat-import-decided-group = "{ $name }": a group of bodies
chat-import-decided-skip = "{ $name }": skipped, assigned to nobody

## Console demo
console-welcome = dondoc: the console demo. You are { $who }. Type /help for commands; /as admin, /as coordinator, /as focal "<agency name>" to switch roles; /clock +7d to move the clock; /file <path> to send a file; /quit to leave.
console-as-usage = Usage: /as admin | /as coordinator ["<agency name>"] | /as focal "<agency name>"
console-as-done = You are now { $who }.
console-clock = Demo clock: { $now }
console-clock-usage = Usage: /clock +7d, /clock +3h, /clock -1d, /clock 18/01/2027 09:00 or /clock reset
console-file-missing = No file at { $path }
console-demo-loaded = Loaded the Quảng Nam sample plan ({ $tasks } tasks).
weekly-on = You will get the weekly summary by itself every week. Send /weekly off to stop.
weekly-off = You will no longer get the weekly summary by itself; /weekly still works at any time. Send /weekly on to get it again.

## After the deadline: overdue periods, late reports, explanation requests
tasks-plan-period-overdue = Plan { $plan } · { $period } (report due { $due }) — OVERDUE by { $days } days, still missing:
tasks-update-button-overdue = { $code } ({ $period })
update-period-overdue = You are reporting for { $period } (due { $due }, { $days } days overdue).
update-period-current = You are reporting for { $period } (due { $due }).
update-other-period = Report for { $period } instead
update-saved-late-days = Report on task { $code } for { $period } saved (version { $version }), recorded as { $days } days late. Thank you!
form-stale-choice = That choice is out of date or not valid. Please choose again from the latest message.
cmd-explain = Ask for, or answer, an explanation of a late report
explain-usage = Usage: /explain <agency name> [period], e.g. /explain "Sở Y tế" Năm 2026. Agencies still missing reports: /overdue
explain-unknown-agency = “{ $name }” is not among the agencies still missing reports in plan { $plan }. See /overdue.
explain-nothing-missing = { $agency } has sent every report for { $period }; there is nothing to explain.
explain-no-overdue = Plan { $plan } has no overdue period with missing reports.
explain-period-unknown = “{ $period }” is not among the overdue periods with missing reports: { $known }
explain-sent = Explanation request sent to { $agency } for { $period } ({ $people } recipients); answer due { $due }.
explain-resent = { $agency } has not answered the explanation request for { $period } (sent { $date }); reminded again ({ $people } recipients), answer due { $due }.
explain-just-sent = The explanation request to { $agency } for { $period } was just sent, at { $time }; not sent again, so its focal points do not get it twice. Answer due { $due }.
explain-nobody = Explanation request to { $agency } for { $period } recorded, but nobody is enrolled for this agency, so nobody received it. An admin creates an invite: dondoc invite --agency "{ $agency }" --role focal
explain-notice = { $coordinator } asks { $agency } to explain why its report for { $period } of plan { $plan } has not been sent (due { $due }, { $days } days overdue; missing: { $codes }). Please answer by { $answer }: the reason and when you expect to finish.
explain-answer-button = Answer the request
explain-ask-button = Ask for an explanation: { $agency }
explain-none-open = Your agency has no explanation request waiting for an answer.
explain-pick = Your agency has { $count } explanation requests waiting for an answer. Which one do you answer?
explain-pick-line = { $plan } · { $period }
explain-not-yours = This explanation request is not for your agency.
explain-ask-reason = Explanation of the missing report for { $period } (plan { $plan }). Please give the reason (at most { $limit } characters):
explain-ask-expected = When do you expect to send the report (finish)? Type a date as dd/mm/yyyy, e.g. { $example }.
explain-bad-date = “{ $given }” is not a valid date from today on. Type a date as dd/mm/yyyy, e.g. { $example }.
explain-ask-attachment = You may attach a file (the explanation document), or choose Skip.
explain-summary = Explanation for { $period } (plan { $plan }):
    Reason: { $reason }
    Expected: { $expected }
explain-ask-confirm = Send this explanation?
explain-saved = Your explanation for { $period } was sent to the coordinating department. Thank you!
explain-answered = { $agency } explained its late report for { $period } (plan { $plan }): { $reason }. Expected: { $expected }.
explain-field-reason = Reason
explain-field-expected = Expected date
explain-field-attachment = Attachment
explain-coordinating-department = The coordinating department
unknown-command-guess = There is no /{ $command } command. Did you mean /{ $guess }?
start-welcome-coordinator = Welcome! You are enrolled as { $role } of { $agency }. Type /weekly for the weekly summary, /overdue for the agencies that have not reported, /report for the period report, /nudge to remind the agencies that have not reported, /help for help.
start-welcome-coordinator-no-plan = Welcome! You are enrolled as { $role } of { $agency }. { $agency } coordinates no plan yet, so there is nothing to follow up: /weekly, /overdue, /report and /nudge will work once a dondoc admin (whoever sent you the invite) makes { $agency } a plan's coordinating department. Type /help for help.

# web dashboard (/dashboard)
cmd-dashboard = The web dashboard
dashboard-link = Open the dashboard: { $url }
    The link works once, for { $minutes } minutes; do not pass it on.
dashboard-open-app = Open the dashboard
