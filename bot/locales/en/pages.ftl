# Long lists in pages: /tasks, and what a reminder does not list (issue 14).
tasks-page = Page { $page }/{ $pages } · { $count } tasks
tasks-page-next = Next page ({ $page }/{ $pages })
tasks-page-previous = Previous page ({ $page }/{ $pages })
reminder-see-all = … /tasks to see all { $count } tasks.
