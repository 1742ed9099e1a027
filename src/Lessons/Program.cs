using Lessons.Cli;

return LessonsCommand.Build().Parse(args).Invoke();
