package main

import "fmt"

type tlsConfig struct{ name string }

type config struct {
	name string
	tls  *tlsConfig
}

type monitor struct{ name string }

func (c *config) apply(tc *tlsConfig) { c.tls = tc }

func newMonitor(c *config) (*tlsConfig, *monitor) {
	return &tlsConfig{"tls-" + c.name}, &monitor{c.name}
}

func plug(c *config) (*tlsConfig, bool) { return &tlsConfig{"peer-" + c.name}, c.name != "" }

// nats-server's reloadOCSP: two sibling blocks each declare their own tc. The first block's
// monitor is kept in monitors after the loop, which makes the one fix of the loop body
// report-only; the second defer's reason says that the first decides it and names that
// tc by its line, not the second block's tc.
func reload(configs []*config) []*monitor {
	var monitors []*monitor
	for _, c := range configs {
		if c.name != "leaf" {
			tc, mon := newMonitor(c)
			if mon != nil {
				monitors = append(monitors, mon)
				defer c.apply(tc)
			}
		}
		if c.name != "hub" {
			tc, plugged := plug(c)
			if plugged {
				defer c.apply(tc)
			}
		}
	}
	return monitors
}

func main() {
	configs := []*config{{name: "a"}, {name: "leaf"}}
	fmt.Println(len(reload(configs)), configs[0].tls.name, configs[1].tls.name)
}
