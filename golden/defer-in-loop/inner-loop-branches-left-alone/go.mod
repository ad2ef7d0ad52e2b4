module example.com/innerloopbranchesleftalone

go 1.22
