package jobs

import "log"

func start(job func()) {
	go func() {
		if r := recover(); r != nil {
			log.Println("job panicked:", r)
		}
		job()
	}()
}

func runOnce(job func()) {
	func() {
		recover()
		job()
	}()
}

func nested(job func()) {
	defer func() {
		func() {
			if r := recover(); r != nil { // the inner literal is not the deferred call
				log.Println(r)
			}
		}()
	}()
	job()
}
