package retry

type backoff struct{ tries int }

func run(job func() error) error {
	recover := func() error { return nil } // not the builtin
	if err := job(); err != nil {
		return recover()
	}
	defer recover()
	return nil
}
