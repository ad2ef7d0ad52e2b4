// differential: prelude=dbc oracle=same
package main

func validate(name string) error { return nil }

func use(name string) error {
	c, err := dial(name)
	defer c.CloseWith("at exit") // want: unsafe
	{
		err := validate(name)
		if err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	return nil
}

func main() { try("use", use) }
