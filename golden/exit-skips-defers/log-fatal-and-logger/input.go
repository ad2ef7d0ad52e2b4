package main

import (
	"errors"
	"fmt"
	"log"
	"os"
)

func step() error { return errors.New("step failed") }

func run(logger *log.Logger) {
	defer fmt.Println("run: cleanup")
	if err := step(); err != nil {
		logger.Fatalf("run: %v", err)
	}
}

func main() {
	log.SetOutput(os.Stdout)
	log.SetFlags(0)
	defer fmt.Println("main: cleanup")
	if len(os.Args) > 5 {
		log.Fatalln("too many arguments")
	}
	run(log.New(os.Stdout, "", 0))
	log.Fatal("not reached")
}
