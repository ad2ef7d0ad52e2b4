// differential: prelude=dbc oracle=same
package main

func use(name string) error {
	c, err := dial(name)
	p := &c
	defer c.CloseWith("at exit") // want: none
	*p = &conn{name: "replacement"}
	if err != nil {
		return err
	}
	return nil
}

func main() { try("use", use) }
