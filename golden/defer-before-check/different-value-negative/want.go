package store

import "os"

type store struct{ log *os.File }

func (s *store) read(name string) error {
	f, err := os.Open(name)
	defer s.log.Sync()
	if err != nil {
		return err
	}
	defer f.Close()
	return nil
}

func reopen(name string, f *os.File) error {
	g, err := os.Open(name)
	defer f.Close() // the old file: not the value the call returned
	if err != nil {
		return err
	}
	_ = g
	return nil
}

func replaced(name string) error {
	f, err := os.Open(name)
	f = os.Stdin
	defer f.Close()
	if err != nil {
		return err
	}
	return nil
}

func shadowed(name string) error {
	f, err := os.Open(name)
	{
		f := os.Stdout
		defer f.Sync()
	}
	if err != nil {
		return err
	}
	return f.Close()
}
