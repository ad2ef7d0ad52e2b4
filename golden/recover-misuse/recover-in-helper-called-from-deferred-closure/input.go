package server

import "log"

type conn struct{ id int }

func logPanic(where string) {
	if r := recover(); r != nil {
		log.Printf("%s: panic: %v", where, r)
	}
}

func (c *conn) handlePanic() {
	if r := recover(); r != nil {
		log.Printf("conn %d: %v", c.id, r)
	}
}

func (c *conn) serve(handle func()) {
	defer func() {
		logPanic("serve") // recover in logPanic returns nil: logPanic is not the deferred call
		c.handlePanic()
	}()
	handle()
}
