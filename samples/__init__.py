"""Sample answers and whole sample patients, made from the question bank itself, for the tests and the
benchmarks (bench/). The app never imports this package.

- `samples.answers.sample_answer(question)`: a valid answer to any question.
- `samples.patients`: `answer_shown` / `build` (answer every question that is shown, in bank order) and the
  patients: minimal, maximal, unsure, second_choices, typical, maximal_long.
"""
