// differential: prelude=dbc oracle=same
package main

func use(name string) error {
	c, err := dial(name)
	closeIt := c.Close
	defer closeIt()
	if err != nil {
		return err
	}
	return nil
}

func main() { try("use", use) }
