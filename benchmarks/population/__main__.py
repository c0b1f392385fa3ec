from benchmarks.population.bench import main

main()
