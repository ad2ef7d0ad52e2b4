package main

type Counter struct{ N int }

func (c *Counter) Bump() { c.N += 100 }
