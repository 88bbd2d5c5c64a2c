# Long lists in pages: /tasks, and what a reminder does not list (issue 14).
tasks-page = Trang { $page }/{ $pages } · { $count } nhiệm vụ
tasks-page-next = Trang sau ({ $page }/{ $pages })
tasks-page-previous = Trang trước ({ $page }/{ $pages })
reminder-see-all = … /tasks để xem tất cả { $count } nhiệm vụ.
