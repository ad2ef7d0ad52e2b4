package worker

import (
	"fmt"
	"log"
)

type pool struct{ name string }

func logPanic() {
	if r := recover(); r != nil {
		log.Println("panic:", r)
	}
}

func (p *pool) rescue() {
	if r := recover(); r != nil {
		log.Println(p.name, r)
	}
}

// Rescue may be deferred by other packages.
func Rescue() {
	_ = recover()
}

func stored() {
	_ = recover()
}

var handlers = []func(){stored}

func (p *pool) run(job func()) {
	defer logPanic()
	defer p.rescue()
	defer func() {
		if r := recover(); r != nil {
			log.Println(r)
		}
	}()
	defer func() {
		defer fmt.Println("recovered:", recover()) // evaluated inside the deferred literal
	}()
	defer func() {
		defer func() { _ = recover() }()
	}()
	onPanic := func() { _ = recover() }
	defer onPanic()
	job()
}

func protect(job func(), handler func()) {
	defer handler()
	job()
}

func useProtect(job func()) {
	protect(job, func() {
		if r := recover(); r != nil {
			log.Println(r)
		}
	})
}
