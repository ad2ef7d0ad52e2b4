module example.com/trapdeferredcalltakesaddressofsharedloopvariable

go 1.21
