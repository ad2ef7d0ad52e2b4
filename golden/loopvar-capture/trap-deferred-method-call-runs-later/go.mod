module example.com/deferred-method-call-runs-later

go 1.21
