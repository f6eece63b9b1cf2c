// Go twin of bench/explore/pipeline_select.cpp: a race in stage 3 of 5 when
// its select picks the resize case mid-stream.
package main

import (
	"fmt"
	"time"
)

var scale = 1

func main() {
	const items = 8
	c1, c2, c3, c4, c5 := make(chan int), make(chan int), make(chan int), make(chan int), make(chan int)
	resize := make(chan int, 1)
	resize <- 3
	go func() {
		busy(10 * time.Millisecond) // opening the source
		for i := 1; i <= items; i++ {
			c1 <- i
		}
		close(c1)
	}()
	go func() {
		for v := range c1 {
			c2 <- v * v
		}
		close(c2)
	}()
	go func() {
		for open := true; open; {
			select {
			case v, ok := <-c2:
				if ok {
					c3 <- v
				}
				open = ok
			case factor := <-resize:
				scale = factor // RACE (rarely)
			}
		}
		close(c3)
	}()
	go func() {
		for v := range c3 {
			c4 <- v * scale
		}
		close(c4)
	}()
	go func() {
		sum := 0
		for v := range c4 {
			sum += v
		}
		c5 <- sum
	}()
	fmt.Println("sum", <-c5)
}

// busy works locally for d of real time.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}
