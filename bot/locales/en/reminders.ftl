# Reminders, escalations and the reminders/plans CLI (English).
reminder-title = Report reminder: plan { $plan }
reminder-deadline-title = The report is due today: plan { $plan }
reminder-day-off = Note: { $due } is a day off ({ $day_off }).
reminder-weekend = weekend
reminder-late-title = Report overdue: plan { $plan }
reminder-nudge-title = Please report: plan { $plan }
reminder-task-line = • { $code }. { $content }
reminder-update-button = Update { $code }
reminder-snooze-button = Remind me tomorrow
reminder-mute-button = Mute early reminders
escalation-title = Agencies that have not reported: plan { $plan }
escalation-line = • { $agency }: { $tasks } tasks
escalation-footer = Type /nudge to remind all of them at once.
unreachable-title = A reminder could not be delivered
unreachable-body = Messages to { $person } ({ $agency }) cannot be delivered: they blocked the bot or left the chat. Please contact them directly or enrol another focal point.
reminders-preview-title = Messages to be sent in the next { $days } days
reminders-preview-empty = No messages will be sent in the next { $days } days.
reminders-col-when = When
reminders-col-kind = Kind
reminders-col-to = To
reminders-col-plan = Plan
reminders-col-period = Period
reminders-col-count = Tasks
reminders-col-error = Error
reminders-col-attempts = Attempts
reminders-failed-title = Messages that failed
reminders-failed-empty = No failed messages.
reminders-kind-reminder = early reminder
reminders-kind-deadline = deadline
reminders-kind-escalation = escalation
reminders-kind-late = overdue
reminders-kind-nudge = nudge
reminders-kind-unreachable = unreachable
plans-list-title = Plans
plans-list-empty = No plans yet.
plans-col-number = Plan number
plans-col-title = Title
plans-col-tasks = Tasks
plans-col-rules = Reporting rules
plans-col-next = Next period
plans-no-rule = none
plans-unknown = Plan { $plan } not found.
plans-bad-due = The due day "{ $value }" is not valid; for example: 15/01.
plans-bad-leads = The lead days "{ $value }" are not valid; for example: 14,7,3,1,0.
plans-bad-agency = Agency "{ $value }" not found.
plans-rule-saved = Reporting rule saved for plan { $plan }: { $rule }. Next period: { $period }, due { $due }.
plans-rule-saved-no-period = Reporting rule saved for plan { $plan }: { $rule }.
plans-rule-no-coordinator = ⚠ Plan { $plan } has no coordinating department: nobody can use /weekly, /overdue, /report or /nudge for it, and nobody is told which agencies are late. Run this command again with --coordinator "AGENCY NAME".
rule-cadence-yearly = yearly
rule-cadence-six_monthly = six-monthly
rule-cadence-quarterly = quarterly
rule-cadence-monthly = monthly
rule-cadence-weekly = weekly
rule-cadence-once = once
rule-cadence-every_n_years = every { $n } years
rule-due-relative = day { $day } after the period
rule-due-default = default
rule-summary = { $cadence }, due { $due }; reminders { $leads } days before at { $hour }; overdue digest every { $every } days
task-deadline-title = Task deadlines coming: plan { $plan }
task-deadline-early = These tasks are due on { $due } ({ $days } days left); your agency has { $count } not done:
task-deadline-today = These tasks are due on { $due }; your agency has { $count } not done:
reminders-kind-task_reminder = task reminder
reminders-kind-task_deadline = task deadline

## dondoc plans close-period
plans-unknown-period = The plan has no period “{ $period }”. Its periods so far: { $known }
plans-period-closed = Closed { $period } of plan { $plan }: its missing reports are no longer chased.
plans-period-reopened = Reopened { $period } of plan { $plan }: its missing reports are chased again.

# Reminders part (issue 10): wording that follows the send date, late chasing, explanations.
reminder-due = Due: { $weekday }, { $due }{ $off ->
        [yes] {" "}({ $day_off })
       *[no] {""}
    }, { $one ->
        [yes] 1 day left
       *[no] { $days } days left
    }{ $last ->
        [yes] ; today is the last working day before the deadline.
       *[no] .
    }
reminder-due-today = Today ({ $weekday }, { $due }) is the reporting deadline.
reminder-due-runs-to = Due: { $weekday }, { $due }, a day off, so a report sent by the end of { $runs_weekday }, { $runs_to } is still on time.
reminder-overdue = Due: { $weekday }, { $due }; { $one ->
        [yes] 1 day overdue.
       *[no] { $days } days overdue.
    }
reminder-count = { $period }: your agency has { $count } tasks without an update:
reminder-late-count = { $period }: your agency has { $count } tasks without an update; please update them now:
reminder-nudge-intro = The coordinating department asks your agency to update { $period }.
escalation-body = The report for { $period } was due on { $due } ({ $late } days overdue). { $count } agencies have not reported:
escalation-all-reported = { $period } (due { $due }): every agency has reported.
escalation-explanations = Explanation requests past their answer date ({ $count }):
escalation-explanation-line = • { $agency }: asked on { $requested }, answer due { $answer_due }
rule-due-missing = not set (no reminders; set it with dondoc plans rule … --due)
