# Agency registry (dondoc agencies …)
agencies-error-empty = The agency name must not be empty.
agencies-error-exists = The registry already knows "{ $name }" (as { $existing }).
agencies-error-alias-taken = The spelling "{ $alias }" already belongs to { $existing }.
agencies-error-unknown = The registry has no agency "{ $name }". See the list: dondoc agencies list
agencies-error-self-merge = { $name } cannot be merged into itself.
agencies-added = Agency { $name } added.
agencies-alias-added = Spelling "{ $alias }" added for { $name }.
agencies-merged = { $old } was merged into { $new }; tasks of { $old } are now followed up by the focal points of { $new }.
agencies-col-name = Name
agencies-col-short = Short name
agencies-col-kind = Kind
agencies-col-status = Status
agencies-col-successor = Merged into
agencies-status-active = active
agencies-status-inactive = merged
agencies-status-unverified = unverified
agencies-title = Agency registry ({ $count })
