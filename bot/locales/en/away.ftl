# /away: a focal point's leave (issue 14).
cmd-away = Report a leave: /away 05/01-12/01, /away off to end it
away-usage = Usage: /away 05/01-12/01 (or /away 05/01/2027-12/01/2027, or "on leave from 05/01 to 12/01"); /away to see it; /away off to end it early.
away-none = You have no leave set. Type /away 05/01-12/01 to report one.
away-current = You are on leave from { $first } to { $last }, back on { $back }. Until then you get no reminders. Type /away off to end it early.
away-set = Noted: you are on leave from { $first } to { $last }, back on { $back }. Meanwhile reminders go to your agency's other focal points; if there is none, the coordinators are told. Type /away off to end it early.
away-ended = Your leave is over: you get reminders again from today ({ $back }).
away-bad-date = That date is not right (for example: 05/01 or 05/01/2027).
away-backwards = The leave must start before it ends.
away-past = That leave is over already.
away-too-long = That leave is longer than a year.
reminder-covering = You get this reminder for { $name }, on leave until { $until }.
away-notice-title = A focal point is on leave
away-notice-body = { $name } ({ $agency }) is on leave from { $first } to { $last }; { $agency } has no other focal point to remind meanwhile. Please follow up directly or invite another focal point.
reminders-kind-away = leave notice
