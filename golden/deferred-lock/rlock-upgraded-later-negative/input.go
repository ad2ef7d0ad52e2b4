package cache

import "sync"

type Cache struct {
	mu   sync.RWMutex
	data map[string]string
}

func (c *Cache) GetOrFill(key string, fill func() string) string {
	c.mu.RLock()
	defer c.mu.Unlock() // matches the Lock taken by the upgrade below
	if v, ok := c.data[key]; ok {
		c.mu.RUnlock()
		c.mu.Lock()
		return v
	}
	c.mu.RUnlock()
	c.mu.Lock()
	v := fill()
	c.data[key] = v
	return v
}
